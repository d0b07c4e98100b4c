import { DEFAULT_THROTTLE, RateLimiterLoginThrottle } from '../../adapters/security/login-throttle';
import { loginThrottleContract } from '../contracts/login-throttle-contract';

loginThrottleContract('RateLimiterLoginThrottle', (limits) => new RateLimiterLoginThrottle({ ...DEFAULT_THROTTLE, ...limits }));
