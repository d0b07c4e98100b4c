import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { overlaps } from '../../../core/domain/appointment';
import { dayBounds, formatClinicDateTime } from '../../../core/domain/clinic-time';
import { type Franja, type Horario, hhmmOf, parseJornada } from '../../../core/domain/schedule';
import { agendaViolation, freeSlots } from '../../../core/domain/slots';
import { anAdmin, aPaciente } from '../../builders/principals';
import { agendaWorld } from './agenda-world';

const TZ = 'Europe/Madrid';
/** Ordinary days and both DST days of 2026 (a Sunday each), all after the worlds' "now" (2026-03-02). */
const DATES = ['2026-03-03', '2026-03-06', '2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'];

/** A week of non-overlapping franjas (5-minute grid, some touching 00:00 and 24:00), each given to center 1 or 2. */
const week = fc
  .array(
    fc.record({
      dia: fc.integer({ min: 1, max: 7 }),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 2, maxLength: 6 }),
      centros: fc.array(fc.constantFrom(1, 2), { minLength: 3, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((days) => {
    const byCenter = new Map<number, Franja[]>();
    const seen = new Set<number>();
    for (const d of days) {
      if (seen.has(d.dia)) continue;
      seen.add(d.dia);
      const cuts = [...d.cuts].sort((a, b) => a - b).map((c) => c * 5);
      for (let i = 0; i + 1 < cuts.length; i += 2) {
        const idCentro = d.centros[i / 2] ?? 1;
        const list = byCenter.get(idCentro) ?? [];
        list.push({ dia: d.dia, desde: hhmmOf(cuts[i]), hasta: hhmmOf(cuts[i + 1]) });
        byCenter.set(idCentro, list);
      }
    }
    return byCenter;
  });

/** Intervals on and around the day, as offsets in minutes from its start. */
const intervals = fc.array(
  fc.record({ start: fc.integer({ min: -120, max: 1500 }), len: fc.integer({ min: 1, max: 300 }) }),
  { maxLength: 4 },
);

function toIntervals(fecha: string, raw: { start: number; len: number }[]) {
  const base = dayBounds(fecha, TZ).desde.getTime();
  return raw.map((r) => ({ inicio: new Date(base + r.start * 60_000), fin: new Date(base + (r.start + r.len) * 60_000) }));
}

describe('free slots (property-based)', () => {
  it('never overlap each other, a booked cita or an absence, never leave the schedule, and last the duration asked', () => {
    fc.assert(
      fc.property(
        week,
        fc.constantFrom(...DATES),
        intervals,
        intervals,
        fc.option(fc.integer({ min: 1, max: 24 }).map((n) => n * 5), { nil: undefined }),
        fc.option(fc.constantFrom(1, 2), { nil: undefined }),
        (byCenter, fecha, rawAbsences, rawBusy, duracionMin, idCentro) => {
          const horarios: Horario[] = [...byCenter].map(([c, franjas]) => ({ idDoctor: 1, idCentro: c, franjas, duracionCitaMin: 30 }));
          const ausencias = toIntervals(fecha, rawAbsences).map((i) => ({ desde: i.inicio, hasta: i.fin }));
          const ocupado = toIntervals(fecha, rawBusy);
          const huecos = freeSlots({ fecha, zone: TZ, horarios, jornada: parseJornada('09:00-14:00'), ausencias, ocupado, idCentro, duracionMin });
          const minutes = (duracionMin ?? 30) * 60_000;
          huecos.forEach((h, i) => {
            const where = `${formatClinicDateTime(h.inicio, TZ)} @${h.idCentro}`;
            assert.equal(h.fin.getTime() - h.inicio.getTime(), minutes, where);
            if (i > 0) assert.ok(huecos[i - 1].fin.getTime() <= h.inicio.getTime(), `${where} overlaps the previous slot`);
            for (const o of ocupado) assert.ok(!overlaps(h, o), `${where} overlaps a booked cita`);
            if (idCentro !== undefined) assert.equal(h.idCentro, idCentro);
            const v = agendaViolation({ zone: TZ, horarios, ausencias, idCentro: h.idCentro ?? 1, inicio: h.inicio, fin: h.fin });
            assert.equal(v, undefined, `${where}: ${v?.message}`);
            const day = dayBounds(fecha, TZ);
            assert.ok(h.inicio >= day.desde && h.inicio < day.hasta, `${where} is not on ${fecha}`);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every slot offered by disponibilidad can be booked, by a patient too (the grid is the slots offered)', async () => {
    await fc.assert(
      fc.asyncProperty(
        week,
        fc.constantFrom(...DATES),
        intervals,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.nat(),
        fc.constantFrom(15, 20, 30, 45),
        async (byCenter, fecha, rawAbsences, prebook, pick, duracionCitaMin) => {
          const w = agendaWorld();
          const admin = w.caller(anAdmin());
          for (const [idCentro, franjas] of byCenter) await w.setSchedule.execute({ idDoctor: 1, idCentro, franjas, duracionCitaMin }, admin);
          for (const a of toIntervals(fecha, rawAbsences)) await w.addAbsence.execute({ idDoctor: 1, desde: a.inicio, hasta: a.fin }, admin);
          // Book a few slots first (patients 1-3), then one more with patient 4 from a fresh answer.
          for (const [i, n] of prebook.entries()) {
            const { huecos } = await w.availability.execute({ idDoctor: 1, fecha }, admin);
            if (huecos.length === 0) break;
            const h = huecos[n % huecos.length];
            await w.book.execute({ inicio: h.inicio, motivo: 'Previa', idPaciente: i + 1, idDoctor: 1, idCentro: h.idCentro ?? 1 }, admin);
          }
          const { huecos } = await w.availability.execute({ idDoctor: 1, fecha }, admin);
          if (huecos.length === 0) return;
          const h = huecos[pick % huecos.length];
          const paciente = w.caller(aPaciente(4));
          const { cita } = await w.book.execute({ inicio: h.inicio, motivo: 'Elegida', idPaciente: 4, idDoctor: 1, idCentro: h.idCentro ?? 1 }, paciente);
          assert.equal(cita.estado, 'Programada');
          assert.equal(cita.duracionMin, duracionCitaMin, 'the slot length, with no duration asked');
          const after = await w.availability.execute({ idDoctor: 1, fecha }, admin);
          assert.ok(!after.huecos.some((x) => overlaps(x, h)), 'the booked slot is no longer offered');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a patient books nothing but a slot disponibilidad offers: any other start or length is FUERA_DE_HUECO (or refused by an earlier rule)', async () => {
    await fc.assert(
      fc.asyncProperty(
        week,
        fc.constantFrom(...DATES),
        intervals,
        fc.record({ start: fc.integer({ min: 0, max: 24 * 60 - 5 }), seconds: fc.constantFrom(0, 0, 13), len: fc.integer({ min: 1, max: 24 }).map((n) => n * 5) }),
        async (byCenter, fecha, rawBusy, wanted) => {
          const w = agendaWorld();
          const admin = w.caller(anAdmin());
          for (const [idCentro, franjas] of byCenter) await w.setSchedule.execute({ idDoctor: 1, idCentro, franjas }, admin);
          // Staff place citas of patients 1-3 anywhere inside the schedule; patient 4 then tries `wanted`.
          for (const [i, busy] of toIntervals(fecha, rawBusy).entries()) {
            const len = Math.max(5, Math.round((busy.fin.getTime() - busy.inicio.getTime()) / 300_000) * 5);
            await w.book.execute({ inicio: busy.inicio, duracionMin: Math.min(len, 480), motivo: 'Previa', idPaciente: (i % 3) + 1, idDoctor: 1, idCentro: 1 }, admin).catch(() => undefined);
          }
          const inicio = new Date(dayBounds(fecha, TZ).desde.getTime() + wanted.start * 60_000 + wanted.seconds * 1000);
          const fin = new Date(inicio.getTime() + wanted.len * 60_000);
          const { huecos } = await w.availability.execute({ idDoctor: 1, fecha, idCentro: 1 }, admin);
          const offered = huecos.some((h) => h.inicio.getTime() === inicio.getTime() && h.fin.getTime() === fin.getTime());
          const input = { inicio, duracionMin: wanted.len, motivo: 'Elegida', idPaciente: 4, idDoctor: 1, idCentro: 1 };
          const outcome = await w.book.execute(input, w.caller(aPaciente(4))).then(
            () => 'reservada',
            (err: { code?: string }) => err.code,
          );
          if (offered) assert.equal(outcome, 'reservada', `${formatClinicDateTime(inicio, TZ)} ${wanted.len} min is offered`);
          else assert.notEqual(outcome, 'reservada', `${formatClinicDateTime(inicio, TZ)} ${wanted.len} min is not offered, yet booked`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
