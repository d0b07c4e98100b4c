import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clinicDateTimeWords, clinicSpanWords } from '../../../core/domain/clinic-time-words';

/** An instant as a refusal's `detail` writes it: the clinic's wall clock, in Spanish, never ambiguous. */
describe('clinicDateTimeWords', () => {
  it("writes the clinic's day and wall time, whatever the offset the instant was given with", () => {
    assert.equal(clinicDateTimeWords(new Date('2026-03-03T09:00:00Z')), 'martes, 3 de marzo de 2026, a las 10:00');
    assert.equal(clinicDateTimeWords(new Date('2026-06-07T22:30:00Z')), 'lunes, 8 de junio de 2026, a las 00:30', 'the clinic day, not UTC\'s');
    assert.equal(clinicDateTimeWords(new Date('2026-06-07T22:30:00Z'), 'America/New_York'), 'domingo, 7 de junio de 2026, a las 18:30');
  });

  it('names the offset only for a wall time the night the clocks go back makes twice', () => {
    assert.equal(clinicDateTimeWords(new Date('2026-10-25T00:30:00Z')), 'domingo, 25 de octubre de 2026, a las 02:30 (UTC+02:00)');
    assert.equal(clinicDateTimeWords(new Date('2026-10-25T01:30:00Z')), 'domingo, 25 de octubre de 2026, a las 02:30 (UTC+01:00)');
    assert.equal(clinicDateTimeWords(new Date('2026-10-25T02:30:00Z')), 'domingo, 25 de octubre de 2026, a las 03:30');
    assert.equal(clinicDateTimeWords(new Date('2026-03-29T01:00:00Z')), 'domingo, 29 de marzo de 2026, a las 03:00', 'the spring gap repeats nothing');
  });

  it('writes the year with its four digits and a single-digit hour with two', () => {
    assert.equal(clinicDateTimeWords(new Date('0099-01-04T08:05:00Z'), 'UTC'), 'domingo, 4 de enero de 0099, a las 08:05');
  });
});

/** An interval as a refusal's `detail` writes it: one day said once, the hours disambiguated on their own. */
describe('clinicSpanWords', () => {
  it('says the day once when both ends fall on it', () => {
    assert.equal(clinicSpanWords(new Date('2026-03-03T09:00:00Z'), new Date('2026-03-03T09:30:00Z')), 'de 10:00 a 10:30 del martes, 3 de marzo de 2026');
  });

  it('says both days when the interval crosses midnight', () => {
    assert.equal(
      clinicSpanWords(new Date('2026-03-03T23:00:00Z'), new Date('2026-03-05T23:00:00Z')),
      'del miércoles, 4 de marzo de 2026, a las 00:00 al viernes, 6 de marzo de 2026, a las 00:00',
    );
  });

  it('gives each end on the repeated hour its own offset, so the end never reads before the start', () => {
    assert.equal(
      clinicSpanWords(new Date('2027-10-31T00:30:00Z'), new Date('2027-10-31T01:00:00Z')),
      'de 02:30 (UTC+02:00) a 02:00 (UTC+01:00) del domingo, 31 de octubre de 2027',
    );
  });
});
