import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from '../../adapters/http/json-depth';

const deeper = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    assert.equal(deeper('{"a":[{"b":1}]}', 3), false);
    assert.equal(deeper('{"a":[{"b":[1]}]}', 3), true);
    assert.equal(deeper(`{"a":"${'[{'.repeat(100)}"}`, 1), false);
    assert.equal(deeper(`{"a":"\\"${'['.repeat(10)}"}`, 1), false, 'an escaped quote does not end the string');
    assert.equal(deeper(`{"a":"\\\\",${'['.repeat(10)}`, 5), true, 'an escaped backslash does');
    assert.equal(deeper('', 0), false);
  });

  it('stops at the first level too deep, even in malformed text', () => {
    assert.equal(deeper('['.repeat(1_000_000), 32), true);
    assert.equal(deeper(']]]]{"a":1}', 1), false);
  });
});
