import { passwordHasherContract } from '../../contracts/password-hasher-contract';
import { FakePasswordHasher } from '../../fakes/fake-password-hasher';

// The fakes the admin use-case tests rely on keep the promises of the real security adapters.
passwordHasherContract('FakePasswordHasher', () => ({ hasher: new FakePasswordHasher('v2'), older: new FakePasswordHasher('v1') }));
