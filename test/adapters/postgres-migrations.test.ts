import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { pgCitasMigrations } from '../../adapters/postgres/citas-migrations';

/**
 * As test/adapters/sqlite-migrations.test.ts for SQLite: a database applies
 * a version once and then remembers only its number, so a released text
 * (or a core constant it interpolates) must never change. If a hash fails,
 * restore the text and write a new version.
 */
const RELEASED: Record<number, string> = {
  1: '0cfab095a36a040bcfbc1c99cd57dfa9b21e2e3e9bc401e7bcdf047a7fdb5fd6',
  2: '7d6d05822e07770ccdf9a9ab8d6ce2b1eb14ecb3484d498a4d7f2bbb8d083c94',
  3: 'e6a8c13879ee8937115e6c50e3099e5caa0c66439ba7215aa94996505c87b8db',
  4: 'e417ee11880109622be699868dd66fad78af22685c55eb7a2e89f5b997a58cb8',
  5: 'fff0af965b55c86a79ad581ae1b2f3b5416ba790850f38a333b9125f82810973',
  6: '3a1bc84895fc0e0d9cda0fcdda00792d01532dbff3ea8820f422098dcbb1ab58',
  10: '4e524525b09746b66b0f0b8d60ab7038fb8e69b8c03b7ba0e6090b7647cec11d',
  11: '0b47d0f810a0f65d69055b8533140c44e4b8dfbf8017ac816a402b54e4bd9b26',
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('released PostgreSQL migrations never change', () => {
  it('citas: every released version keeps its exact SQL text', () => {
    for (const [version, hash] of Object.entries(RELEASED)) {
      const m = pgCitasMigrations.find((x) => x.version === Number(version));
      assert.ok(m, `citas migration ${version} is gone`);
      assert.equal(sha256(m.sql), hash, `citas migration ${version} (${m.name}) changed: write a new version instead`);
    }
  });

  it('versions are unique and increasing as listed', () => {
    const versions = pgCitasMigrations.map((m) => m.version);
    assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b));
  });
});
