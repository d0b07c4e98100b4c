import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../core/domain/roles';
import type { TokenIssuer, TokenVerifier } from '../../core/ports/tokens';
import { FixedClock } from '../fakes/fixed-clock';
import { hasCode } from '../support/domain-errors';

/**
 * A TokenIssuer and the TokenVerifier that trusts it, both reading `clock`,
 * plus an issuer of the same kind the verifier does not trust (another key,
 * another service). LogIn hands out what the issuer makes; every
 * authenticated route believes what the verifier answers.
 */
export interface TokensFixture {
  issuer: TokenIssuer;
  verifier: TokenVerifier;
  foreign: TokenIssuer;
  close?(): Promise<void> | void;
}

/** `clock` starts at the real now (an issuer may still read the machine's time) and moves only when the suite says. */
export type MakeTokens = (clock: FixedClock) => Promise<TokensFixture> | TokensFixture;

const admin: Principal = { userId: 1, username: 'admin', rol: 'admin' };
const medico: Principal = { userId: 2, username: 'dra.soto', rol: 'medico', idDoctor: 7 };
const paciente: Principal = { userId: 3, username: 'luis.p', rol: 'paciente', idPaciente: 11 };

/** RFC 6750's b64token: what fits after "Bearer " in an Authorization header. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;


/** The token with one character in its middle changed, as a proxy or an attacker might. */
function altered(token: string): string {
  const i = Math.floor(token.length / 2);
  return `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
}

export function tokensContract(name: string, make: MakeTokens): void {
  describe(`TokenIssuer + TokenVerifier contract: ${name}`, () => {
    const withTokens = async (test: (f: TokensFixture, clock: FixedClock) => Promise<void>) => {
      const clock = new FixedClock(new Date());
      const f = await make(clock);
      try {
        await test(f, clock);
      } finally {
        await f.close?.();
      }
    };

    it('verifies each token back to exactly the principal it was issued for, doctor and patient links included', () =>
      withTokens(async ({ issuer, verifier }) => {
        const issued = await Promise.all([admin, medico, paciente].map((p) => issuer.issue(p, 0)));
        for (const t of issued) assert.match(t.token, BEARER_TOKEN, 'the token must fit a Bearer Authorization header');
        assert.deepEqual((await Promise.all(issued.map((t) => verifier.verify(t.token)))).map((v) => v.principal), [admin, medico, paciente]);
      }));

    it('hands every caller its own principal: changing one answer does not change what the token says next time', () =>
      withTokens(async ({ issuer, verifier }) => {
        const { token } = await issuer.issue(paciente, 0);
        const first = await verifier.verify(token);
        first.principal.rol = 'admin';
        first.principal.idPaciente = 99;
        first.session.generation = 7;
        assert.deepEqual((await verifier.verify(token)).principal, paciente);
        assert.equal((await verifier.verify(token)).session.generation, 0);
      }));

    it('says how long the token lasts in whole seconds and keeps to it: accepted until then, TOKEN_EXPIRADO a minute after', () =>
      withTokens(async ({ issuer, verifier }, clock) => {
        const issuedAt = clock.now().getTime();
        const { token, expiresInSeconds } = await issuer.issue(medico, 0);
        assert.ok(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0, `expiresInSeconds = ${expiresInSeconds}`);
        clock.set(new Date(issuedAt + (expiresInSeconds - 5) * 1000));
        assert.deepEqual((await verifier.verify(token)).principal, medico);
        clock.set(new Date(issuedAt + (expiresInSeconds + 60) * 1000));
        await assert.rejects(verifier.verify(token), hasCode('TOKEN_EXPIRADO'));
      }));

    it('refuses a token altered in transit with TOKEN_INVALIDO', () =>
      withTokens(async ({ issuer, verifier }) => {
        const { token } = await issuer.issue(medico, 0);
        await verifier.verify(token); // a token already seen must not vouch for its altered copy
        await assert.rejects(verifier.verify(altered(token)), hasCode('TOKEN_INVALIDO'));
        assert.deepEqual((await verifier.verify(token)).principal, medico);
      }));

    it('refuses a token from an issuer it does not trust with the same TOKEN_INVALIDO', () =>
      withTokens(async ({ foreign, verifier }) => {
        const { token } = await foreign.issue(admin, 0);
        await assert.rejects(verifier.verify(token), hasCode('TOKEN_INVALIDO'));
      }));

    it('says which token it is: an id of its own for every token (also two for the same user at once), the generation it was issued in, and when it expires', () =>
      withTokens(async ({ issuer, verifier }, clock) => {
        const [a, b] = [await issuer.issue(medico, 3), await issuer.issue(medico, 3)];
        const [va, vb] = [await verifier.verify(a.token), await verifier.verify(b.token)];
        assert.notEqual(va.session.id, vb.session.id, 'logging out one session must not end the other');
        assert.deepEqual([va.session.generation, vb.session.generation], [3, 3]);
        const expected = clock.now().getTime() + a.expiresInSeconds * 1000;
        assert.ok(Math.abs(va.session.expiresAt.getTime() - expected) <= 2000, `${va.session.expiresAt.toISOString()}`);
      }));

    it('refuses an empty string and garbage with TOKEN_INVALIDO', () =>
      withTokens(async ({ verifier }) => {
        for (const junk of ['', 'basura', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.']) {
          await assert.rejects(verifier.verify(junk), hasCode('TOKEN_INVALIDO'), `"${junk}" must be refused`);
        }
      }));
  });
}
