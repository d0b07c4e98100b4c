/**
 * Forged and tampered bearer tokens for the attack tests. Each one is a way a
 * real attacker (or a confused client) could try to get past the verifier:
 * a token the services must refuse with 401 on every authenticated route.
 *
 * `realSigner(dataDir)` reads the admin service's own key file from its test
 * DATA_DIR, so a test can mint a token that is correctly signed but wrong in
 * ONE respect (expired, wrong issuer, wrong audience); the other forgeries use
 * keys the services have never published.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  username: string;
  rol: string;
  id_doctor?: number;
  id_paciente?: number;
}

export interface RealSigner {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** A token signed by admin's current key, with any claim overridden (exp/iat/iss/aud in seconds or strings). */
  sign(claims: TokenClaims & { iat?: number; exp?: number }, options?: { issuer?: string; audience?: string; expiresInSeconds?: number }): string;
}

/** Admin's current signing key, read from its DATA_DIR/jwt-keys.json (the newest entry signs). */
export function realSigner(dataDir: string, settings = { issuer: 'odontocare-admin', audience: 'odontocare' }): RealSigner {
  const stored = JSON.parse(readFileSync(join(dataDir, 'jwt-keys.json'), 'utf8')) as { kid: string; privatePem: string }[];
  const current = stored[stored.length - 1];
  const privateKey = createPrivateKey(current.privatePem);
  return {
    kid: current.kid,
    privateKey,
    publicKey: createPublicKey(privateKey),
    sign: (claims, options = {}) =>
      jwt.sign(claims, privateKey, {
        algorithm: 'RS256',
        keyid: current.kid,
        issuer: options.issuer ?? settings.issuer,
        audience: options.audience ?? settings.audience,
        ...(claims.exp === undefined ? { expiresIn: options.expiresInSeconds ?? 600 } : {}),
      }),
  };
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A key pair nobody has published: what an attacker can generate. One per process is enough. */
let strangerKey: KeyObject | undefined;
function stranger(): KeyObject {
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return strangerKey;
}

export type ForgeryName =
  | 'sin token'
  | 'cabecera sin Bearer'
  | 'token caducado'
  | 'alg none'
  | 'otra clave RSA, mismo kid'
  | 'otra clave RSA, kid desconocido'
  | 'HS256 firmado con la clave pública'
  | 'emisor equivocado'
  | 'audiencia equivocada'
  | 'firma alterada'
  | 'RS512 con la clave real'
  | 'clave pública embebida (jwk)'
  | 'kid con inyección'
  | 'basura';

export interface Forgery {
  name: ForgeryName;
  /** The Authorization header to send, or undefined for none. */
  authorization: string | undefined;
}

/**
 * Every forgery, built from a legitimate subject (an admin account, so a
 * forgery that slipped through would reach every route). All must be 401.
 * `at` is the services' clock: tokens are issued, and expired, by it.
 */
export function forgeries(signer: RealSigner, subject: TokenClaims, at: Date): Forgery[] {
  const now = Math.floor(at.getTime() / 1000);
  const good = signer.sign({ ...subject, iat: now });
  const [h, p] = good.split('.');
  // A real, correctly signed token of a lowlier role, whose payload is then swapped for an admin one.
  const [lh, , ls] = signer.sign({ ...subject, rol: 'paciente', id_paciente: 1, iat: now }).split('.');
  const payload = { ...subject, iss: 'odontocare-admin', aud: 'odontocare', iat: now, exp: now + 600 };
  const publicPem = signer.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  // jsonwebtoken refuses to HMAC-sign with an asymmetric-looking secret, so the HS256 forgery is built by hand.
  const hsHeader = b64url({ alg: 'HS256', typ: 'JWT', kid: signer.kid });
  const hsBody = b64url(payload);
  const hsSig = createHmac('sha256', publicPem).update(`${hsHeader}.${hsBody}`).digest('base64url');
  const bearer = (t: string) => `Bearer ${t}`;
  return [
    { name: 'sin token', authorization: undefined },
    { name: 'cabecera sin Bearer', authorization: good },
    { name: 'token caducado', authorization: bearer(signer.sign({ ...subject, iat: now - 7200, exp: now - 3600 })) },
    { name: 'alg none', authorization: bearer(`${b64url({ alg: 'none', typ: 'JWT', kid: signer.kid })}.${b64url(payload)}.`) },
    {
      name: 'otra clave RSA, mismo kid',
      authorization: bearer(jwt.sign(payload, stranger(), { algorithm: 'RS256', keyid: signer.kid })),
    },
    {
      name: 'otra clave RSA, kid desconocido',
      authorization: bearer(jwt.sign(payload, stranger(), { algorithm: 'RS256', keyid: 'kid-del-atacante' })),
    },
    { name: 'HS256 firmado con la clave pública', authorization: bearer(`${hsHeader}.${hsBody}.${hsSig}`) },
    { name: 'emisor equivocado', authorization: bearer(signer.sign({ ...subject, iat: now }, { issuer: 'otro-emisor' })) },
    { name: 'audiencia equivocada', authorization: bearer(signer.sign({ ...subject, iat: now }, { audience: 'otra-audiencia' })) },
    // A valid signature moved onto a payload that claims admin: the classic privilege escalation.
    { name: 'firma alterada', authorization: bearer(`${lh}.${b64url({ ...payload, rol: 'admin' })}.${ls}`) },
    // Right key, other algorithm: the algorithm is pinned, not taken from the header.
    { name: 'RS512 con la clave real', authorization: bearer(jwt.sign(payload, signer.privateKey, { algorithm: 'RS512', keyid: signer.kid })) },
    // The attacker ships their own public key in the header, hoping the verifier trusts it.
    {
      name: 'clave pública embebida (jwk)',
      authorization: bearer(
        jwt.sign(payload, stranger(), {
          algorithm: 'RS256',
          header: { alg: 'RS256', kid: signer.kid, jwk: createPublicKey(stranger()).export({ format: 'jwk' }) } as jwt.JwtHeader,
        }),
      ),
    },
    {
      name: 'kid con inyección',
      authorization: bearer(jwt.sign(payload, stranger(), { algorithm: 'RS256', keyid: `../../jwt-keys.json' OR '1'='1` })),
    },
    { name: 'basura', authorization: bearer(`${p}.${h}`) },
  ];
}
