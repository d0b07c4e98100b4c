/**
 * The ports the Fetch standard blocks (https://fetch.spec.whatwg.org/#port-blocking):
 * a browser refuses to load a page from them (ERR_UNSAFE_PORT), and the
 * web's fetch (undici) refuses to call them ("bad port") before any
 * connection, whatever listens there. Admin and citas can listen on one and
 * answer curl, but the page on WEB_PORT, or the web's calls to ADMIN_URL
 * and CITAS_URL, would never get through: the web refuses them at start-up
 * (apps/web/config.ts) instead of answering "no responde" to every call.
 * The same list as undici's own (test/web/web-config.test.ts compares them).
 */
export const FETCH_BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The port an http(s) URL connects to: its own, or its scheme's (80, 443). */
export function portOfUrl(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}
