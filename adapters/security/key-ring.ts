import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import { StartRefusal } from '../config/start-refusal';
import { ensurePrivateDir } from '../storage/private-files';

/** The size of the keys admin makes, and the least it accepts in JWT_PRIVATE_KEY_FILE: jsonwebtoken refuses RS256 below it. */
const MIN_RSA_BITS = 2048;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  createdAt: string;
}

export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

interface StoredKey {
  kid: string;
  privatePem: string;
  createdAt: string;
}

/** How many retired keys stay published, so tokens signed before a rotation verify until they expire. */
const KEEP_RETIRED = 2;

/**
 * RS256 signing keys kept in a file of the admin service's data directory
 * (mode 0600), made at first start. The newest signs; it and the last few
 * retired ones are published as a JWKS so citas verifies without the secret
 * (docs/adr/0002-rs256-published-keys.md).
 */
export class KeyRing {
  private constructor(
    private readonly file: string,
    private keys: SigningKey[],
    /** Dates the keys it makes (`createdAt`). */
    private readonly clock: Clock,
  ) {}

  static openOrCreate(file: string, clock: Clock): KeyRing {
    if (!existsSync(file)) {
      const ring = new KeyRing(file, [], clock);
      // Several admin processes may share DATA_DIR (PostgreSQL storage) and start together:
      // the first to create the file wins, and the others sign with its keys, not their own.
      if (ring.create()) return ring;
    }
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey[];
    return new KeyRing(file, stored.map(fromStored), clock);
  }

  /**
   * The ring of JWT_PRIVATE_KEY_FILE. A file admin could not sign with stops
   * the start here, in one line naming the setting and the file: an EC key or
   * an RSA key under 2048 bits (jsonwebtoken refuses both for RS256 at every
   * sign) used to start and answer every login 500, and a missing or non-PEM
   * file to stop it with the bare driver message.
   */
  static fromPemFile(file: string, clock: Clock): KeyRing {
    const refused = (why: string) =>
      new StartRefusal(
        `JWT_PRIVATE_KEY_FILE (${file}) ${why}: dé una clave privada RSA de ${MIN_RSA_BITS} bits o más en PEM (openssl genrsa -out clave.pem ${MIN_RSA_BITS}), o quite JWT_PRIVATE_KEY_FILE para que admin haga las suyas en DATA_DIR.`,
      );
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw refused(`no se puede leer (${(err as NodeJS.ErrnoException).code ?? 'error de lectura'})`);
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch {
      throw refused('no es una clave privada en PEM');
    }
    if (key.asymmetricKeyType !== 'rsa') throw refused(`es una clave ${key.asymmetricKeyType ?? 'que no es asimétrica'}, no RSA, y los tokens se firman con RS256`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw refused(`es una clave RSA de ${bits} bits, menos de los ${MIN_RSA_BITS} que RS256 exige`);
    return KeyRing.fromPem(pem, clock);
  }

  /** A ring from one configured PEM (JWT_PRIVATE_KEY_FILE), nothing written to disk; the key is dated the epoch, as it was not made here. */
  static fromPem(pem: string, clock: Clock): KeyRing {
    const privateKey = createPrivateKey(pem);
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    const kid = `cfg-${String(jwk.n).slice(0, 16)}`;
    return new KeyRing('', [{ kid, privateKey, publicKey: createPublicKey(privateKey), createdAt: new Date(0).toISOString() }], clock);
  }

  get current(): SigningKey {
    return this.keys[this.keys.length - 1];
  }

  publicKey(kid: string): KeyObject | undefined {
    return this.keys.find((k) => k.kid === kid)?.publicKey;
  }

  jwks(): { keys: PublicJwk[] } {
    return {
      keys: this.keys.map((k) => {
        const jwk = k.publicKey.export({ format: 'jwk' });
        return { kty: String(jwk.kty), n: String(jwk.n), e: String(jwk.e), kid: k.kid, alg: 'RS256', use: 'sig' };
      }),
    };
  }

  /** Makes a new signing key; the previous ones stay published for verification. */
  rotate(): SigningKey {
    const key = newKey(this.clock);
    this.keys = [...this.keys.slice(-KEEP_RETIRED), key];
    this.save();
    return key;
  }

  /** Makes the first key and creates the file with it, unless it exists by then (false: another process made it first). */
  private create(): boolean {
    this.keys = [newKey(this.clock)];
    const tmp = this.writeTemporary();
    try {
      linkSync(tmp, this.file); // fails if the file exists, where rename would replace it
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') return false;
      throw err;
    } finally {
      unlinkSync(tmp);
    }
  }

  private save(): void {
    if (!this.file) return;
    renameSync(this.writeTemporary(), this.file);
  }

  /** The ring in a temporary file of its own beside the real one (0600), ready to be put in place atomically. */
  private writeTemporary(): string {
    ensurePrivateDir(dirname(this.file));
    const stored: StoredKey[] = this.keys.map((k) => ({
      kid: k.kid,
      createdAt: k.createdAt,
      privatePem: k.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    }));
    const tmp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
    return tmp;
  }
}

function newKey(clock: Clock): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS });
  return { kid: randomUUID(), privateKey, publicKey, createdAt: clock.now().toISOString() };
}

function fromStored(s: StoredKey): SigningKey {
  const privateKey = createPrivateKey(s.privatePem);
  return { kid: s.kid, privateKey, publicKey: createPublicKey(privateKey), createdAt: s.createdAt };
}
