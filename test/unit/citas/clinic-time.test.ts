import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays,
  clinicDateOf,
  dayBounds,
  formatClinicDateTime,
  instantsOfLocal,
  isoWeekday,
  parseClinicDateTime,
  parseLocalDate,
  toLocal,
} from '../../../core/domain/clinic-time';
import { DomainError } from '../../../core/domain/errors';

const HOUR = 3_600_000;

function rejectsWith(fn: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, 'VALIDACION');
    assert.equal(err.errors[0]?.path, path);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('clinic time: reading a datetime', () => {
  it('takes a datetime with Z or an offset as that instant', () => {
    assert.equal(parseClinicDateTime('2026-03-30T08:00:00Z').toISOString(), '2026-03-30T08:00:00.000Z');
    assert.equal(parseClinicDateTime('2026-03-30T10:00:00+02:00').toISOString(), '2026-03-30T08:00:00.000Z');
    assert.equal(parseClinicDateTime('2026-03-30T03:00:00-05:00').toISOString(), '2026-03-30T08:00:00.000Z');
    assert.equal(parseClinicDateTime('2026-03-30T10:00+0200').toISOString(), '2026-03-30T08:00:00.000Z');
  });

  it('reads a datetime without offset on the clinic wall clock: +01:00 in winter, +02:00 in summer', () => {
    assert.equal(parseClinicDateTime('2026-01-15T10:00:00').toISOString(), '2026-01-15T09:00:00.000Z');
    assert.equal(parseClinicDateTime('2026-07-15T10:00').toISOString(), '2026-07-15T08:00:00.000Z');
  });

  it('handles the day clocks go forward (2026-03-29): before and after the jump', () => {
    assert.equal(parseClinicDateTime('2026-03-29T01:59:00').toISOString(), '2026-03-29T00:59:00.000Z');
    assert.equal(parseClinicDateTime('2026-03-29T03:00:00').toISOString(), '2026-03-29T01:00:00.000Z');
  });

  it('refuses a wall-clock time that does not exist (02:30 on 2026-03-29 in Madrid) with 422 on the field', () => {
    rejectsWith(() => parseClinicDateTime('2026-03-29T02:30:00'), 'fecha', /no existe.*Europe\/Madrid/);
    rejectsWith(() => parseClinicDateTime('2026-03-29T02:00', 'Europe/Madrid', 'desde'), 'desde', /no existe/);
  });

  it('accepts the same gap time when an offset makes it an instant', () => {
    assert.equal(parseClinicDateTime('2026-03-29T02:30:00+01:00').toISOString(), '2026-03-29T01:30:00.000Z');
  });

  it('reads an ambiguous autumn time (02:30 on 2026-10-25) as the earlier instant, +02:00', () => {
    const both = instantsOfLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, millisecond: 0 });
    assert.deepEqual(both.map((d) => d.toISOString()), ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    assert.equal(parseClinicDateTime('2026-10-25T02:30:00').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(parseClinicDateTime('2026-10-25T02:30:00+01:00').toISOString(), '2026-10-25T01:30:00.000Z');
  });

  it('refuses text that is not a real datetime, naming what was sent', () => {
    for (const bad of ['2026-02-30T10:00:00', '2026-03-30T24:00:00', '2026-13-01T10:00', '30/03/2026 10:00', '2026-03-30', 'mañana', '']) {
      rejectsWith(() => parseClinicDateTime(bad), 'fecha', /no es una fecha y hora ISO 8601 válida/);
    }
  });

  it('uses the zone it is given', () => {
    assert.equal(parseClinicDateTime('2026-07-01T09:00:00', 'America/New_York').toISOString(), '2026-07-01T13:00:00.000Z');
    assert.equal(parseClinicDateTime('2026-07-01T09:00:00', 'UTC').toISOString(), '2026-07-01T09:00:00.000Z');
  });
});

describe('clinic time: writing an instant', () => {
  it('formats with the clinic offset in force at that instant', () => {
    assert.equal(formatClinicDateTime(new Date('2026-03-30T08:00:00Z')), '2026-03-30T10:00:00+02:00');
    assert.equal(formatClinicDateTime(new Date('2026-01-15T09:00:00Z')), '2026-01-15T10:00:00+01:00');
    assert.equal(formatClinicDateTime(new Date('2026-10-25T00:30:00Z')), '2026-10-25T02:30:00+02:00');
    assert.equal(formatClinicDateTime(new Date('2026-10-25T01:30:00Z')), '2026-10-25T02:30:00+01:00');
    assert.equal(formatClinicDateTime(new Date('2026-01-15T09:00:00Z'), 'UTC'), '2026-01-15T09:00:00+00:00');
    assert.equal(formatClinicDateTime(new Date('2026-01-15T09:00:00Z'), 'America/New_York'), '2026-01-15T04:00:00-05:00');
  });

  it('round-trips: what it writes reads back as the same instant, across a whole DST year', () => {
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 37 * 60_000 * 7) {
      const text = formatClinicDateTime(new Date(t));
      assert.equal(parseClinicDateTime(text).getTime(), t, text);
    }
  });
});

describe('clinic time: days', () => {
  it('a normal day lasts 24 h from local midnight', () => {
    const { desde, hasta } = dayBounds('2026-03-30');
    assert.equal(desde.toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(hasta.getTime() - desde.getTime(), 24 * HOUR);
  });

  it('2026-03-29 lasts 23 h and 2026-10-25 lasts 25 h in Madrid', () => {
    const spring = dayBounds('2026-03-29');
    assert.equal(spring.desde.toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(spring.hasta.getTime() - spring.desde.getTime(), 23 * HOUR);
    const autumn = dayBounds('2026-10-25');
    assert.equal(autumn.desde.toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(autumn.hasta.getTime() - autumn.desde.getTime(), 25 * HOUR);
  });

  it('answers a day asked again with the same bounds, per zone, as Dates of the caller’s own', () => {
    const first = dayBounds('2026-11-04');
    first.desde.setTime(0); // a caller moving its own copy
    const again = dayBounds({ year: 2026, month: 11, day: 4 });
    assert.equal(again.desde.toISOString(), '2026-11-03T23:00:00.000Z');
    assert.equal(dayBounds('2026-11-04', 'UTC').desde.toISOString(), '2026-11-04T00:00:00.000Z');
    assert.equal(dayBounds('2026-11-04', 'America/New_York').desde.toISOString(), '2026-11-04T05:00:00.000Z');
  });

  it('names the clinic day of an instant, which can differ from the UTC day', () => {
    assert.equal(clinicDateOf(new Date('2026-03-29T22:30:00Z')), '2026-03-30');
    assert.equal(clinicDateOf(new Date('2026-03-29T22:30:00Z'), 'UTC'), '2026-03-29');
  });

  it('parses days strictly and knows their weekday (1 = Monday)', () => {
    assert.equal(isoWeekday(parseLocalDate('2026-03-30')), 1);
    assert.equal(isoWeekday(parseLocalDate('2026-03-29')), 7);
    rejectsWith(() => parseLocalDate('2026-02-29'), 'fecha', /AAAA-MM-DD/);
    rejectsWith(() => dayBounds('30-03-2026'), 'fecha', /AAAA-MM-DD/);
  });

  it('reads years 0-99 as those years, not as 1900-1999 (a typo such as 0026-03-02 names one day, not a span of nineteen centuries)', () => {
    // Proleptic Gregorian, as ISO 8601 and Date's own setUTCFullYear count: 0027-03-02 was a Tuesday, 1927-03-02 a Wednesday.
    assert.equal(isoWeekday(parseLocalDate('0027-03-02')), 2);
    assert.deepEqual(addDays(parseLocalDate('0027-03-02'), 1), { year: 27, month: 3, day: 3 });
    assert.deepEqual(addDays(parseLocalDate('0099-12-31'), 1), { year: 100, month: 1, day: 1 });
    const { desde, hasta } = dayBounds('0027-03-02', 'UTC');
    assert.equal(hasta.getTime() - desde.getTime(), 24 * HOUR, 'one day long');
    assert.doesNotThrow(() => parseLocalDate('0000-02-29'), 'year 0 is a leap year');
    rejectsWith(() => parseLocalDate('1900-02-29'), 'fecha', /AAAA-MM-DD/);
    rejectsWith(() => parseLocalDate('0100-02-29'), 'fecha', /AAAA-MM-DD/);
  });

  it('names a date-like mistake in its answer, but never echoes arbitrary text (it would read as if the server ran it)', () => {
    rejectsWith(() => parseLocalDate('2026-02-30'), 'fecha', /"2026-02-30" no es una fecha válida/);
    const injected = "') UNION SELECT password_hash FROM users --";
    rejectsWith(() => parseLocalDate(injected), 'fecha', /^(?!.*SELECT).*AAAA-MM-DD/);
  });
});

describe('clinic time: remembered offsets read exactly what Intl reads', () => {
  // The reference: Intl alone, as toLocal read every instant before offsets were remembered.
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const reference = (instant: Date, timeZone: string): string => {
    if (!formatters.has(timeZone)) formatters.set(timeZone, new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }));
    const parts = formatters.get(timeZone)!.formatToParts(instant);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return JSON.stringify([get('year'), get('month'), get('day'), get('hour') % 24, get('minute'), get('second'), ((instant.getTime() % 1000) + 1000) % 1000]);
  };
  const mine = (instant: Date, timeZone: string): string => {
    const l = toLocal(instant, timeZone);
    return JSON.stringify([l.year, l.month, l.day, l.hour, l.minute, l.second, l.millisecond]);
  };
  // DST at 02:00/03:00, half-hour DST, odd offsets, a zone whose DST moves every year, local mean time before 1900.
  const ZONES = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Africa/Casablanca', 'Europe/Amsterdam', 'UTC'];

  it('every 37 minutes and 13 seconds (plus some milliseconds) of 2025-2027, in every zone', () => {
    const from = Date.UTC(2025, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    for (const zone of ZONES) {
      for (let t = from; t < to; t += 37 * 60_000 + 13_000 + 7) {
        const d = new Date(t);
        if (mine(d, zone) !== reference(d, zone)) assert.fail(`${zone} ${d.toISOString()}: ${mine(d, zone)} != ${reference(d, zone)}`);
      }
    }
  });

  it('any instant from 1800 to 2300, in every zone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2300, 0, 1) }), fc.constantFrom(...ZONES), (t, zone) => {
        assert.equal(mine(new Date(t), zone), reference(new Date(t), zone));
      }),
      { numRuns: 20_000 },
    );
  });

  it('formats and bounds days as before across the Madrid transitions', () => {
    assert.equal(formatClinicDateTime(new Date('2026-03-29T00:59:59.500Z')), '2026-03-29T01:59:59.500+01:00');
    assert.equal(formatClinicDateTime(new Date('2026-03-29T01:00:00Z')), '2026-03-29T03:00:00+02:00');
    assert.equal(formatClinicDateTime(new Date('2026-10-25T00:59:59Z')), '2026-10-25T02:59:59+02:00');
    assert.equal(formatClinicDateTime(new Date('2026-10-25T01:00:00Z')), '2026-10-25T02:00:00+01:00');
  });
});
