import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type BreakerState, BrokenCircuitError, CircuitBreaker } from '../../adapters/remote/circuit-breaker';
import { FixedClock } from '../fakes/fixed-clock';

/**
 * The admin client's breaker on a clock the test moves: every change of state
 * is reached by setting the time, never by waiting for it.
 */

class DependencyDown extends Error {}
class NotFound extends Error {}

const HALF_OPEN_MS = 5000;

/** A call the test ends when it wants: `succeed()` or `fail()`. */
function heldCall(): { promise: () => Promise<string>; succeed: () => void; fail: () => void } {
  let succeed = () => {};
  let fail = () => {};
  const settled = new Promise<string>((resolve, reject) => {
    succeed = () => resolve('respuesta');
    fail = () => reject(new DependencyDown());
  });
  return { promise: () => settled, succeed, fail };
}

function aBreaker(threshold = 3) {
  const clock = new FixedClock();
  const changes: BreakerState[] = [];
  let reached = 0;
  const breaker = new CircuitBreaker(clock, {
    threshold,
    halfOpenAfterMs: HALF_OPEN_MS,
    isFailure: (err) => err instanceof DependencyDown,
    onStateChange: (state) => changes.push(state),
  });
  /** Runs `call` through the breaker, counting the calls that reached the dependency. */
  const run = (call: () => Promise<string>) =>
    breaker.execute(() => {
      reached++;
      return call();
    });
  const down = () => Promise.reject(new DependencyDown());
  const up = () => Promise.resolve('respuesta');
  const open = async () => {
    for (let i = 0; i < threshold; i++) await assert.rejects(run(down), DependencyDown);
    assert.equal(breaker.state, 'abierto');
  };
  /** Opens it, lets its period pass and starts the trial call, which the test ends. */
  const trialUnderWay = async () => {
    await open();
    clock.advanceMs(HALF_OPEN_MS);
    const trial = heldCall();
    return { ...trial, answer: run(trial.promise) };
  };
  return { clock, breaker, changes, run, down, up, open, trialUnderWay, reached: () => reached };
}

describe('CircuitBreaker (time from the Clock port)', () => {
  it('stays closed below the threshold, and a success starts the count again', async () => {
    const b = aBreaker(3);
    await assert.rejects(b.run(b.down), DependencyDown);
    await assert.rejects(b.run(b.down), DependencyDown);
    assert.equal(await b.run(b.up), 'respuesta');
    await assert.rejects(b.run(b.down), DependencyDown);
    await assert.rejects(b.run(b.down), DependencyDown);
    assert.equal(b.breaker.state, 'cerrado');
    assert.deepEqual(b.changes, []);
  });

  it('counts an error that is not a failure (the dependency answered) as a success', async () => {
    const b = aBreaker(2);
    await assert.rejects(b.run(b.down), DependencyDown);
    await assert.rejects(b.run(() => Promise.reject(new NotFound())), NotFound);
    await assert.rejects(b.run(b.down), DependencyDown);
    assert.equal(b.breaker.state, 'cerrado');
  });

  it('opens after `threshold` consecutive failures; then every call fails fast without reaching the dependency', async () => {
    const b = aBreaker(3);
    await b.open();
    assert.deepEqual(b.changes, ['abierto']);
    const reached = b.reached();
    for (let i = 0; i < 20; i++) await assert.rejects(b.run(b.up), BrokenCircuitError);
    assert.equal(b.reached(), reached);
  });

  it('stays open until halfOpenAfterMs has passed on the clock, to the millisecond', async () => {
    const b = aBreaker();
    await b.open();
    b.clock.advanceMs(HALF_OPEN_MS - 1);
    await assert.rejects(b.run(b.up), BrokenCircuitError);
    assert.equal(b.breaker.state, 'abierto');
    b.clock.advanceMs(1);
    assert.equal(await b.run(b.up), 'respuesta');
    assert.equal(b.breaker.state, 'cerrado');
    assert.deepEqual(b.changes, ['abierto', 'semiabierto', 'cerrado']);
  });

  it('while half-open lets ONE trial call through; the others fail fast until it ends', async () => {
    const b = aBreaker();
    const trial = await b.trialUnderWay();
    assert.equal(b.breaker.state, 'semiabierto');
    const reached = b.reached();
    for (let i = 0; i < 5; i++) await assert.rejects(b.run(b.up), BrokenCircuitError);
    assert.equal(b.reached(), reached, 'no call but the trial reaches the dependency');
    trial.succeed();
    assert.equal(await trial.answer, 'respuesta');
    assert.equal(b.breaker.state, 'cerrado');
    assert.equal(await b.run(b.up), 'respuesta');
  });

  it('a failed trial opens it again for a full period, counted from the failure', async () => {
    const b = aBreaker();
    const trial = await b.trialUnderWay();
    b.clock.advanceMs(HALF_OPEN_MS); // the trial takes a while: the new period starts when it fails, not when it began
    trial.fail();
    await assert.rejects(trial.answer, DependencyDown);
    assert.equal(b.breaker.state, 'abierto');
    assert.deepEqual(b.changes, ['abierto', 'semiabierto', 'abierto']);
    b.clock.advanceMs(HALF_OPEN_MS - 1);
    await assert.rejects(b.run(b.up), BrokenCircuitError);
    b.clock.advanceMs(1);
    assert.equal(await b.run(b.up), 'respuesta');
    assert.equal(b.breaker.state, 'cerrado');
  });

  it('a trial that fails once is enough to reopen it, whatever the threshold', async () => {
    const b = aBreaker(5);
    await b.open();
    b.clock.advanceMs(HALF_OPEN_MS);
    await assert.rejects(b.run(b.down), DependencyDown);
    assert.equal(b.breaker.state, 'abierto');
  });

  it('a call started while closed that fails after the breaker opened does not reopen it or restart its period', async () => {
    const b = aBreaker(2);
    const late = heldCall();
    const lateAnswer = b.run(late.promise);
    await b.open();
    b.clock.advanceMs(HALF_OPEN_MS);
    late.fail();
    await assert.rejects(lateAnswer, DependencyDown);
    assert.deepEqual(b.changes, ['abierto']);
    assert.equal(await b.run(b.up), 'respuesta', 'the period still ends when it would have');
  });
});
