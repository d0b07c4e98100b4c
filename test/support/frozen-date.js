/**
 * Loaded with `node --require` (through NODE_OPTIONS, which every process
 * `npm run backup`/`restore` starts inherits): the machine's clock, as the
 * script and the services' commands read it (SystemClock: `new Date()`),
 * stands still at FROZEN_DATE_AT. Processes the test cannot hand a
 * FixedClock then read one time, so "two restores in one second" happens by
 * construction instead of by luck. Plain JavaScript: the commands run as
 * compiled JavaScript, without ts-node. Not a test file.
 */
'use strict';
const at = Date.parse(process.env.FROZEN_DATE_AT ?? '');
if (Number.isNaN(at)) throw new Error(`frozen-date.js: FROZEN_DATE_AT=${process.env.FROZEN_DATE_AT}: not a date`);
const RealDate = Date;
class FrozenDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(at);
    else super(...args);
  }
  static now() {
    return at;
  }
}
globalThis.Date = FrozenDate;
