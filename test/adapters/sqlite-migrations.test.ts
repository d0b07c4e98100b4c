import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import type { Migration } from '../../adapters/sqlite/open-database';

/**
 * A migration runs once per file and is then remembered by version only, so
 * changing its text later (by hand, or by changing a domain constant it
 * interpolates) would give new files a schema that existing files never get.
 * These hashes pin every released migration: if one fails, restore the text
 * and write a new version instead.
 */
const RELEASED: Record<string, Record<number, string>> = {
  admin: {
    1: '4dd10ff6cd5bb4ec3aeb9b402bf0524c5dbd16a389baaf1cecea3a807333a026',
    2: '6fed82e7c02fa509e27c630a983287378bd9a0576aa5b59073f4d25ba723467e',
    3: '8d247617290bec5cd736d33f4fc51d11628337e6699856e955ff6253958bfeb2',
    4: '2d3b7db72d51423929344b04796d91e3b73b085bd2e8e53dc7c6ff176d2d60de',
    5: '8660a0af81d7d8ea856df8c485c4a02fa646545657230abbf44b0a611e60d40b',
  },
  citas: {
    1: '7c14c9d53864915b0caaa05f5e9163f7d457634f4ab5503d45864a6a8d3957cf',
    2: '7d6d05822e07770ccdf9a9ab8d6ce2b1eb14ecb3484d498a4d7f2bbb8d083c94',
    3: '442c8d7f21aa9b7827a3cf4469da1d8c64b558fcc5bbfefa4c431eabd71a1a2a',
    4: 'd5e486cd2caa2252076ec765ab7674b7e6554fbab704960fc37980dc17ad0e41',
    5: 'bb2dd5bf0e4665c68a3052ebf6dc25641b6e0213177b5cde5cca6351932e1180',
    6: '87e0cdf1f9c1a6eaa29f35378f7db47c3333f35771f4e798b870b8fcf06fa853',
    7: '8ff0f45cbfbaa211cf34af8f9e7034034b37662be6f747d2fe50d54ee706fa86',
  },
  agenda: {
    10: 'beb81f6ca56bda1aca44715f0be5927e90bd26765d3eefc994b6315613e3db50',
    11: '04f61320e5c80eb45dfd134274072ea24ae5ef7f80745999397c47f39ef417d7',
  },
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('released migrations never change', () => {
  const sets: Record<string, Migration[]> = { admin: adminMigrations, citas: citasMigrations, agenda: agendaMigrations };
  for (const [set, migrations] of Object.entries(sets)) {
    it(`${set}: every released version keeps its exact SQL text`, () => {
      for (const [version, hash] of Object.entries(RELEASED[set])) {
        const m = migrations.find((x) => x.version === Number(version));
        assert.ok(m, `${set} migration ${version} is gone`);
        assert.equal(sha256(m.sql), hash, `${set} migration ${version} (${m.name}) changed: write a new version instead`);
      }
    });
  }
});
