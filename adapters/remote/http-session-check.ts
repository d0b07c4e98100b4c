import { z } from 'zod';
import { DependencyUnavailableError, DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import type { Clock } from '../../core/ports/clock';
import type { TokenSession } from '../../core/ports/tokens';
import type { AdminClient } from './admin-client';

const meBody = z.object({ id_user: z.number().int().positive(), rol: z.string() });

export interface SessionCheckOptions {
  /** A confirmation is reused for this long before admin is asked again. */
  ttlMs: number;
  /** While admin is unreachable, a confirmation this recent still admits the token. */
  outageGraceMs: number;
  /** Bound on remembered tokens (oldest forgotten first). */
  maxEntries?: number;
}

interface Entry {
  ok: boolean;
  checkedAt: number;
}

/**
 * The live half of authentication on citas. The signature and expiry are
 * checked offline (JWKS), but only admin knows whether the account is still
 * active: a dismissed secretaria's token must stop working before it expires.
 * So citas asks admin (GET /auth/me with the token), remembers the answer for
 * `ttlMs` and asks once per token at a time.
 *
 * Admin unreachable: a token confirmed within `outageGraceMs` keeps working
 * (citas stays readable during an admin outage); one never confirmed gets 503,
 * since citas cannot tell.
 */
export class HttpSessionCheck {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly admin: AdminClient,
    private readonly options: SessionCheckOptions,
    private readonly clock: Clock,
  ) {}

  /**
   * Answers are remembered by the token's session id (its jti, unique per
   * token admin issues; the verifier has already checked the signature):
   * a hash of the token, as before, cost a citas list 2 % of its CPU.
   */
  async confirm(principal: Principal, session: TokenSession, token: string, requestId?: string): Promise<void> {
    const key = session.id;
    const known = this.entries.get(key);
    const now = this.clock.now().getTime();
    if (known && now - known.checkedAt < this.options.ttlMs) {
      if (!known.ok) throw revoked();
      return;
    }
    let ok: boolean;
    try {
      ok = await this.ask(key, principal, token, requestId);
    } catch (err) {
      if (err instanceof DependencyUnavailableError && known?.ok && now - known.checkedAt < this.options.outageGraceMs) return;
      throw err;
    }
    if (!ok) throw revoked();
  }

  /** Requests with one token at the same moment share one question, asked under the first one's request id. */
  private ask(key: string, principal: Principal, token: string, requestId: string | undefined): Promise<boolean> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.askAdmin(principal, token, requestId)
        .then((ok) => {
          this.remember(key, { ok, checkedAt: this.clock.now().getTime() });
          return ok;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async askAdmin(principal: Principal, token: string, requestId: string | undefined): Promise<boolean> {
    const answer = await this.admin.get('/auth/me', meBody, token, requestId);
    if (answer.ok) return answer.body.id_user === principal.userId && answer.body.rol === principal.rol;
    if (answer.status === 401 || answer.status === 403 || answer.status === 404) return false;
    throw new Error(`admin answered ${answer.status} to GET /auth/me`);
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

function revoked(): DomainError {
  return new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa; inicie sesión de nuevo.');
}
