import { DEFAULT_THROTTLE, MemoryLoginThrottle } from '../../adapters/security/login-throttle';
import { loginThrottleContract, loginThrottleWindowContract } from '../contracts/login-throttle-contract';
import { FixedClock } from '../fakes/fixed-clock';

loginThrottleContract('MemoryLoginThrottle', (limits) => new MemoryLoginThrottle({ ...DEFAULT_THROTTLE, ...limits }, new FixedClock()));

loginThrottleWindowContract('MemoryLoginThrottle', (settings) => {
  const clock = new FixedClock('2026-03-02T09:00:00Z');
  return { throttle: new MemoryLoginThrottle(settings, clock), clock };
});
