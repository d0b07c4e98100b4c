import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestAdmin, type TestAdmin } from '../support/admin';

/**
 * Abuse limits (contract, "Accounts, abuse limits", issue 12): what one
 * unauthenticated client can make the services do. Each attack is bounded in
 * count and time, runs against 127.0.0.1 only, and is judged by counting
 * (password checks performed, requests refused) rather than by timings; the
 * latency a normal user sees meanwhile is measured and printed.
 */

async function login(admin: TestAdmin, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${admin.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { code?: string };
  return { status: res.status, code: answer.code };
}

describe('TRUST_PROXY: the client cannot choose its address', () => {
  let admin: TestAdmin;
  before(async () => {
    admin = await startTestAdmin({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
  });
  after(() => admin.close());

  it('behind one proxy, the address is the one that proxy appended: forged left-most entries do not reset the throttle', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // What a client sends through one proxy: its own (forged) entries, then the address the proxy saw.
      const forwarded = `198.51.100.${i}, 203.0.113.9`;
      statuses.push((await login(admin, { username: `nadie${i}`, password: 'Nada-2026x' }, { 'x-forwarded-for': forwarded })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    // Another real client behind the same proxy is not blocked by that.
    assert.equal((await login(admin, { username: 'nadie', password: 'Nada-2026x' }, { 'x-forwarded-for': '203.0.113.10' })).status, 401);
  });
});
