import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/ports/clock';
import type { SessionSeal } from './session-seal';

/** The cookie that holds the sealed session. The page's JavaScript never sees it (HttpOnly). */
export const SESSION_COOKIE = 'odc_sesion';

const userSchema = z.object({
  id_user: z.number().int(),
  username: z.string(),
  rol: z.enum(['admin', 'medico', 'secretaria', 'paciente']),
  id_doctor: z.number().int().optional(),
  id_paciente: z.number().int().optional(),
});

/** The `user` object of POST /auth/login, as admin answers it. */
export type SessionUser = z.infer<typeof userSchema>;
export const sessionUserSchema = userSchema;

const sessionSchema = z.object({ token: z.string().min(1), user: userSchema, expiresAt: z.number(), nombre: z.string().optional() });

/**
 * What the cookie carries: the API token, its user, when both stop being
 * valid, and the name a doctor or a patient goes by (own-name.ts), read once
 * at login.
 */
export type WebSession = z.infer<typeof sessionSchema>;

export interface CookieSettings {
  /** Send the cookie over HTTPS only (SESSION_COOKIE_SECURE; on for any deployment behind TLS). */
  secure: boolean;
}

/**
 * Reads, writes and clears the session cookie. The cookie lives exactly as
 * long as the token (Max-Age = the token's expires_in), and the sealed value
 * carries the expiry too, checked against the Clock on every request: a
 * cookie replayed after that is no session.
 */
export class SessionCookies {
  constructor(
    private readonly seal: SessionSeal,
    private readonly clock: Clock,
    private readonly settings: CookieSettings,
  ) {}

  read(req: Request): { session?: WebSession; expired: boolean } {
    const raw = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (raw === undefined) return { expired: false };
    const parsed = sessionSchema.safeParse(this.seal.open(raw));
    if (!parsed.success) return { expired: false };
    if (parsed.data.expiresAt <= this.clock.now().getTime()) return { expired: true };
    return { session: parsed.data, expired: false };
  }

  /** A new session for a token that expires in `expiresInSeconds`. */
  write(res: Response, token: string, user: SessionUser, expiresInSeconds: number, nombre?: string): WebSession {
    const session: WebSession = { token, user, expiresAt: this.clock.now().getTime() + expiresInSeconds * 1000, nombre };
    res.append('Set-Cookie', this.cookie(this.seal.seal(session), expiresInSeconds));
    return session;
  }

  clear(res: Response): void {
    res.append('Set-Cookie', this.cookie('', 0));
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Strict'];
    if (this.settings.secure) parts.push('Secure');
    return parts.join('; ');
  }
}

/** The value of one cookie in a Cookie header (sealed values need no decoding: base64url and dots). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
