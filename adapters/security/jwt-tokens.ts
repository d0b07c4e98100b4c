import { createHash, type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError } from '../../core/domain/errors';
import { isRol, type Principal } from '../../core/domain/roles';
import type { Clock } from '../../core/ports/clock';
import type { IssuedToken, TokenIssuer, TokenVerifier, VerifiedToken } from '../../core/ports/tokens';
import type { KeyRing } from './key-ring';

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Where a verifier finds the public key named by a token's `kid`. */
export interface VerificationKeys {
  keyFor(kid: string): Promise<KeyObject | undefined>;
}

interface Claims {
  sub: string;
  username: string;
  rol: string;
  id_doctor?: number;
  id_paciente?: number;
  /** The user's token generation (docs/adr/0010-token-revocation.md); absent in tokens issued before it existed, read as 0. */
  gen: number;
  iat?: number;
}

/** Signs with the ring's current key; `iat` (and so `exp`) come from the clock, not from jsonwebtoken's own Date.now. */
export class JwtTokenIssuer implements TokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly settings: TokenSettings,
    private readonly clock: Clock,
  ) {}

  async issue(p: Principal, generation: number): Promise<IssuedToken> {
    const claims: Claims = { sub: String(p.userId), username: p.username, rol: p.rol, gen: generation };
    if (p.idDoctor !== undefined) claims.id_doctor = p.idDoctor;
    if (p.idPaciente !== undefined) claims.id_paciente = p.idPaciente;
    claims.iat = epochSeconds(this.clock);
    const key = this.ring.current;
    const token = jwt.sign(claims, key.privateKey, {
      algorithm: 'RS256',
      keyid: key.kid,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      expiresIn: this.settings.ttlSeconds,
      jwtid: randomUUID(), // the session id logout revokes; two logins in one second are two tokens
    });
    return { token, expiresInSeconds: this.settings.ttlSeconds };
  }
}

/** Verified tokens remembered at once; a clinic has far fewer live sessions. */
const MAX_REMEMBERED = 10_000;

/**
 * Verifies RS256 tokens only (the algorithm is pinned, so `alg: none` or an
 * HMAC token signed with the public key is refused), with issuer, audience
 * and expiry checked. A token that verified once is remembered until it
 * expires: a token never changes, and the RSA check was the largest part of
 * an authenticated read (BENCHMARKS.md). Only successes are remembered.
 * Whether the token was revoked is not its business: admin's live check
 * (DescribeSession.confirm) decides that on every request.
 */
export class JwtTokenVerifier implements TokenVerifier {
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly keys: VerificationKeys,
    private readonly settings: Omit<TokenSettings, 'ttlSeconds'>,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const known = this.verified.get(token);
    if (known) {
      if (this.clock.now().getTime() < known.session.expiresAt.getTime()) return copy(known);
      this.verified.delete(token);
    }
    const verified = await this.verifyNow(token);
    if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
    this.verified.set(token, verified);
    return copy(verified);
  }

  private async verifyNow(token: string): Promise<VerifiedToken> {
    let decoded: jwt.Jwt | null;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      throw invalid(); // jws.decode throws (not returns null) on a payload that is not JSON
    }
    const kid = decoded?.header.kid;
    if (!decoded || decoded.header.alg !== 'RS256' || typeof kid !== 'string') throw invalid();
    const key = await this.keys.keyFor(kid);
    if (!key) throw invalid();
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: 5,
        clockTimestamp: epochSeconds(this.clock),
      }) as jwt.JwtPayload;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new DomainError('TOKEN_EXPIRADO', 'El token ha caducado; inicie sesión de nuevo.');
      throw invalid();
    }
    if (typeof payload.exp !== 'number') throw invalid();
    return { principal: principalOf(payload), session: sessionOf(payload, token) };
  }
}

function copy(v: VerifiedToken): VerifiedToken {
  return { principal: { ...v.principal }, session: { ...v.session } };
}

function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function invalid(): DomainError {
  return new DomainError('TOKEN_INVALIDO', 'El token no es válido.');
}

/** Which token this is: its jti (tokens from before jti existed: a hash of the token itself) and generation. */
function sessionOf(payload: jwt.JwtPayload, token: string): VerifiedToken['session'] {
  const generation = payload.gen ?? 0;
  if (!Number.isSafeInteger(generation) || generation < 0) throw invalid();
  if (payload.jti !== undefined && (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 100)) throw invalid();
  const id = payload.jti ?? createHash('sha256').update(token).digest('base64url');
  return { id, generation, expiresAt: new Date((payload.exp as number) * 1000) };
}

function principalOf(payload: jwt.JwtPayload): Principal {
  const userId = Number(payload.sub);
  if (!Number.isSafeInteger(userId) || userId <= 0 || !isRol(payload.rol) || typeof payload.username !== 'string') throw invalid();
  const p: Principal = { userId, username: payload.username, rol: payload.rol };
  if (typeof payload.id_doctor === 'number') p.idDoctor = payload.id_doctor;
  if (typeof payload.id_paciente === 'number') p.idPaciente = payload.id_paciente;
  return p;
}

/** The admin service verifies with its own ring. */
export class LocalVerificationKeys implements VerificationKeys {
  constructor(private readonly ring: KeyRing) {}

  async keyFor(kid: string): Promise<KeyObject | undefined> {
    return this.ring.publicKey(kid);
  }
}
