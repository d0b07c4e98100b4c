import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Request, Response } from 'express';
import helmet from 'helmet';
import { securityHeaders } from '../../adapters/http/security-headers';

function recorded(middleware: (req: Request, res: Response, next: () => void) => void): { set: [string, string][]; removed: string[]; next: boolean } {
  const out = { set: [] as [string, string][], removed: [] as string[], next: false };
  const res = { setHeader: (n: string, v: unknown) => out.set.push([n, String(v)]), removeHeader: (n: string) => out.removed.push(n) };
  middleware({} as Request, res as unknown as Response, () => {
    out.next = true;
  });
  return out;
}

describe('security headers', () => {
  it("are exactly helmet's defaults, set on every response", () => {
    const mine = securityHeaders();
    const expected = recorded(helmet());
    assert.ok(expected.set.some(([n]) => n === 'Content-Security-Policy'));
    for (let i = 0; i < 3; i++) assert.deepEqual(recorded(mine), expected);
  });
});
