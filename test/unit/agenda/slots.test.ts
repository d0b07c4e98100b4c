import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatClinicDateTime, parseClinicDateTime } from '../../../core/domain/clinic-time';
import { DomainError } from '../../../core/domain/errors';
import { type Horario, parseJornada } from '../../../core/domain/schedule';
import { agendaViolation, assertWithinAgenda, freeSlots, type FreeSlotsInput, type Hueco } from '../../../core/domain/slots';

const TZ = 'Europe/Madrid';
const JORNADA = parseJornada('09:00-14:00,16:00-20:00');
const at = (text: string) => parseClinicDateTime(text, TZ);
const local = (h: Hueco) => `${formatClinicDateTime(h.inicio, TZ).slice(11, 16)}`;
const horario = (franjas: Horario['franjas'], idCentro = 1, duracionCitaMin = 30): Horario => ({ idDoctor: 1, idCentro, franjas, duracionCitaMin });

function slots(input: Partial<FreeSlotsInput> & { fecha: string }): Hueco[] {
  return freeSlots({ zone: TZ, horarios: [], jornada: JORNADA, ausencias: [], ocupado: [], ...input });
}

describe('free slots of a day', () => {
  it('steps each franja by the schedule duration and stops when the next slot would not fit', () => {
    const h = horario([{ dia: 2, desde: '09:00', hasta: '10:40' }], 1, 30); // 2026-03-03 is a Tuesday
    const out = slots({ fecha: '2026-03-03', horarios: [h] });
    assert.deepEqual(out.map(local), ['09:00', '09:30', '10:00']);
    assert.equal(formatClinicDateTime(out[0].inicio, TZ), '2026-03-03T09:00:00+01:00');
    assert.equal(formatClinicDateTime(out[0].fin, TZ), '2026-03-03T09:30:00+01:00');
    assert.deepEqual(new Set(out.map((s) => s.idCentro)), new Set([1]));
  });

  it('offers nothing on a weekday without franjas', () => {
    const h = horario([{ dia: 2, desde: '09:00', hasta: '14:00' }]);
    assert.deepEqual(slots({ fecha: '2026-03-04', horarios: [h] }), []);
  });

  it('uses JORNADA (09:00-14:00, 16:00-20:00, Monday to Friday) for a doctor without any schedule', () => {
    const monday = slots({ fecha: '2026-03-02' });
    assert.equal(monday.length, 10 + 8);
    assert.equal(local(monday[0]), '09:00');
    assert.equal(local(monday[9]), '13:30');
    assert.equal(local(monday[10]), '16:00');
    assert.equal(local(monday.at(-1)!), '19:30');
    assert.equal(monday[0].idCentro, null, 'no center asked for: JORNADA is valid at any center');
    assert.equal(slots({ fecha: '2026-03-02', idCentro: 2 })[0].idCentro, 2);
    assert.deepEqual(slots({ fecha: '2026-03-07' }), [], 'Saturday');
    assert.deepEqual(slots({ fecha: '2026-03-08' }), [], 'Sunday');
  });

  it('leaves out absences and booked citas, and restarts right after them', () => {
    const out = slots({
      fecha: '2026-03-02',
      jornada: parseJornada('09:00-12:00'),
      ausencias: [{ desde: at('2026-03-02T09:00:00'), hasta: at('2026-03-02T09:45:00') }],
      ocupado: [{ inicio: at('2026-03-02T10:45:00'), fin: at('2026-03-02T11:15:00') }],
    });
    assert.deepEqual(out.map(local), ['09:45', '10:15', '11:15']);
  });

  it('uses the asked duration instead of the schedule one', () => {
    const h = horario([{ dia: 1, desde: '09:00', hasta: '10:00' }], 1, 30);
    assert.deepEqual(slots({ fecha: '2026-03-02', horarios: [h], duracionMin: 20 }).map(local), ['09:00', '09:20', '09:40']);
    assert.deepEqual(slots({ fecha: '2026-03-02', horarios: [h], duracionMin: 90 }), []);
  });

  it('offers only slots starting after the given instant (a cita must start in the future)', () => {
    const out = slots({ fecha: '2026-03-02', jornada: parseJornada('09:00-11:00'), ahora: at('2026-03-02T09:30:00') });
    assert.deepEqual(out.map(local), ['10:00', '10:30']);
  });

  it('filters by center when asked, and interleaves centers by time otherwise', () => {
    const h1 = horario([{ dia: 1, desde: '09:00', hasta: '10:00' }], 1);
    const h2 = horario([{ dia: 1, desde: '08:00', hasta: '09:00' }], 2);
    assert.deepEqual(slots({ fecha: '2026-03-02', horarios: [h1, h2] }).map((s) => `${local(s)}@${s.idCentro}`), ['08:00@2', '08:30@2', '09:00@1', '09:30@1']);
    assert.deepEqual(slots({ fecha: '2026-03-02', horarios: [h1, h2], idCentro: 1 }).map(local), ['09:00', '09:30']);
    assert.deepEqual(slots({ fecha: '2026-03-02', horarios: [h1, h2], idCentro: 3 }), [], 'a schedule elsewhere: nothing at center 3');
  });
});

describe('free slots across the DST changes (Europe/Madrid)', () => {
  it('keeps a 09:00 franja at 09:00 local on the spring-forward day (2026-03-29, UTC+2 from 02:00)', () => {
    const sunday = horario([{ dia: 7, desde: '09:00', hasta: '10:00' }]);
    const out = slots({ fecha: '2026-03-29', horarios: [sunday] });
    assert.deepEqual(out.map((s) => s.inicio.toISOString()), ['2026-03-29T07:00:00.000Z', '2026-03-29T07:30:00.000Z']);
    assert.equal(formatClinicDateTime(out[0].inicio, TZ), '2026-03-29T09:00:00+02:00');
    const before = slots({ fecha: '2026-03-22', horarios: [sunday] });
    assert.equal(before[0].inicio.toISOString(), '2026-03-22T08:00:00.000Z', 'a week earlier 09:00 is 08:00Z');
  });

  it('skips the hour that does not exist (02:00-03:00) on 2026-03-29', () => {
    const night = horario([{ dia: 7, desde: '01:00', hasta: '04:00' }]);
    const out = slots({ fecha: '2026-03-29', horarios: [night] });
    assert.deepEqual(out.map(local), ['01:00', '01:30', '03:00', '03:30']);
    for (const s of out) assert.equal(s.fin.getTime() - s.inicio.getTime(), 30 * 60_000, 'every slot lasts 30 real minutes');
  });

  it('offers the repeated hour twice on the fall-back day (2026-10-25, back to UTC+1 at 03:00)', () => {
    const night = horario([{ dia: 7, desde: '01:00', hasta: '04:00' }]);
    const out = slots({ fecha: '2026-10-25', horarios: [night] });
    assert.deepEqual(
      out.map((s) => formatClinicDateTime(s.inicio, TZ).slice(11)),
      ['01:00:00+02:00', '01:30:00+02:00', '02:00:00+02:00', '02:30:00+02:00', '02:00:00+01:00', '02:30:00+01:00', '03:00:00+01:00', '03:30:00+01:00'],
    );
  });

  it('keeps a 09:00 franja at 09:00 local on the fall-back day', () => {
    const out = slots({ fecha: '2026-10-25', horarios: [horario([{ dia: 7, desde: '09:00', hasta: '09:30' }])] });
    assert.equal(out[0].inicio.toISOString(), '2026-10-25T08:00:00.000Z');
  });

  it('applies JORNADA on the Monday after each change with the new offset', () => {
    assert.equal(formatClinicDateTime(slots({ fecha: '2026-03-30' })[0].inicio, TZ), '2026-03-30T09:00:00+02:00');
    assert.equal(formatClinicDateTime(slots({ fecha: '2026-10-26' })[0].inicio, TZ), '2026-10-26T09:00:00+01:00');
  });
});

describe('the agenda booking rule', () => {
  const week = horario([{ dia: 1, desde: '09:00', hasta: '14:00' }, { dia: 1, desde: '16:00', hasta: '18:00' }], 1);
  const check = (inicio: string, fin: string, extra: { idCentro?: number; horarios?: Horario[]; ausencias?: { desde: Date; hasta: Date }[] } = {}) =>
    agendaViolation({ zone: TZ, horarios: extra.horarios ?? [week], ausencias: extra.ausencias ?? [], idCentro: extra.idCentro ?? 1, inicio: at(inicio), fin: at(fin) });

  it('accepts an interval inside one franja, touching its ends', () => {
    assert.equal(check('2026-03-02T09:00:00', '2026-03-02T09:30:00'), undefined);
    assert.equal(check('2026-03-02T13:30:00', '2026-03-02T14:00:00'), undefined);
    assert.equal(check('2026-03-02T10:10:00', '2026-03-02T10:25:00'), undefined, 'any start inside, not only the slot grid');
  });

  it('refuses with FUERA_DE_HORARIO an interval sticking out of the franja, spanning the lunch gap, or on a day off', () => {
    assert.equal(check('2026-03-02T13:45:00', '2026-03-02T14:15:00')?.code, 'FUERA_DE_HORARIO');
    assert.equal(check('2026-03-02T13:30:00', '2026-03-02T16:30:00')?.code, 'FUERA_DE_HORARIO', 'two franjas do not merge');
    const tuesday = check('2026-03-03T10:00:00', '2026-03-03T10:30:00');
    assert.equal(tuesday?.code, 'FUERA_DE_HORARIO');
    assert.match(tuesday!.message, /martes no atiende en el centro 1/);
  });

  it('refuses a center where the doctor has no schedule, saying so', () => {
    const v = check('2026-03-02T10:00:00', '2026-03-02T10:30:00', { idCentro: 2 });
    assert.equal(v?.code, 'FUERA_DE_HORARIO');
    assert.match(v!.message, /no tiene horario en el centro 2/);
  });

  it('refuses with DOCTOR_AUSENTE an interval touching an absence, and accepts one right after it', () => {
    const ausencias = [{ desde: at('2026-03-02T10:00:00'), hasta: at('2026-03-02T11:00:00') }];
    assert.equal(check('2026-03-02T10:45:00', '2026-03-02T11:15:00', { ausencias })?.code, 'DOCTOR_AUSENTE');
    assert.equal(check('2026-03-02T11:00:00', '2026-03-02T11:30:00', { ausencias }), undefined);
    assert.equal(check('2026-03-02T09:30:00', '2026-03-02T10:00:00', { ausencias }), undefined);
  });

  it('lets a doctor without any schedule be booked at any time, absences aside', () => {
    assert.equal(check('2026-03-08T03:00:00', '2026-03-08T03:30:00', { horarios: [] }), undefined, 'Sunday 03:00');
    const ausencias = [{ desde: at('2026-03-08T00:00:00'), hasta: at('2026-03-09T00:00:00') }];
    assert.equal(check('2026-03-08T03:00:00', '2026-03-08T03:30:00', { horarios: [], ausencias })?.code, 'DOCTOR_AUSENTE');
  });

  it('reads the franja in local time on DST days', () => {
    const sunday = [horario([{ dia: 7, desde: '09:00', hasta: '10:00' }])];
    assert.equal(check('2026-03-29T09:00:00+02:00', '2026-03-29T09:30:00+02:00', { horarios: sunday }), undefined);
    const winterOffset = check('2026-03-29T09:00:00+01:00', '2026-03-29T09:30:00+01:00', { horarios: sunday });
    assert.equal(winterOffset?.code, 'FUERA_DE_HORARIO', '09:00+01:00 is 10:00 local that day, after the franja');
  });

  it('throws the violation as a DomainError with its code', () => {
    assert.throws(
      () => assertWithinAgenda({ zone: TZ, horarios: [week], ausencias: [], idCentro: 1, inicio: at('2026-03-03T10:00:00'), fin: at('2026-03-03T10:30:00') }),
      (err: unknown) => err instanceof DomainError && err.code === 'FUERA_DE_HORARIO',
    );
  });
});
