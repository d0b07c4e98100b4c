import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals the web session (the API token and who it belongs to) into a cookie
 * value the browser can hold but neither read nor forge: AES-256-GCM with a
 * key derived from SESSION_SECRET. Tampering, a different secret or a
 * truncated value all open as `undefined` (no session), never as an error.
 *
 *   v1.<iv>.<ciphertext>.<tag>   (base64url parts)
 */
export class SessionSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'odontocare-web', 'session-cookie-v1', 32));
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string | undefined): unknown {
    if (!sealed) return undefined;
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') return undefined;
    try {
      const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
      if (iv.length !== 12 || tag.length !== 16) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}
