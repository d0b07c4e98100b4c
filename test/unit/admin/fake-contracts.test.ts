import { loginThrottleContract } from '../../contracts/login-throttle-contract';
import { passwordHasherContract } from '../../contracts/password-hasher-contract';
import { tokensContract } from '../../contracts/tokens-contract';
import { FakeLoginThrottle } from '../../fakes/fake-login-throttle';
import { FakePasswordHasher } from '../../fakes/fake-password-hasher';
import { FakeTokenIssuer, FakeTokenVerifier } from '../../fakes/fake-token-issuer';

// The fakes the admin use-case tests rely on keep the promises of the real security adapters.
passwordHasherContract('FakePasswordHasher', () => ({ hasher: new FakePasswordHasher('v2'), older: new FakePasswordHasher('v1') }));
loginThrottleContract('FakeLoginThrottle', ({ perAccount, perAddress, perAccountAnyAddress }) => new FakeLoginThrottle(perAccount, perAddress, perAccountAnyAddress));
tokensContract('FakeTokenIssuer + FakeTokenVerifier', (clock) => {
  const issuer = new FakeTokenIssuer(clock);
  return { issuer, verifier: new FakeTokenVerifier(issuer, clock), foreign: new FakeTokenIssuer(clock) };
});
