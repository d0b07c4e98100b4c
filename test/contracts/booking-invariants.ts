import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Cita, finOf, isActive, overlaps } from '../../core/domain/appointment';
import { DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import { type CitasStorage, type CitasWorld, citasWorld } from '../builders/citas-world';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../builders/principals';

/**
 * Random sequences of book / cancel / change / status changes / time passing
 * by random actors, checked after every step:
 * - no doctor and no patient ever holds two overlapping active citas;
 * - no patient ever holds more than the cap of future active citas;
 * - a successful change leaves exactly one active cita of the pair (the new
 *   one), linked both ways;
 * - a refused operation changes nothing;
 * - (fakes) a reminder is pending exactly for each active cita, never for another;
 * - only DomainErrors escape (no crash, no driver error).
 * Slots lie on 2026-03-29, the 23-hour day of Europe/Madrid.
 */
const MAX = 3;
const START = Date.parse('2026-03-28T22:00:00Z'); // 00:00 local, 2026-03-29
const SLOT_MS = 15 * 60_000;
const slotAt = (k: number): Date => new Date(START + k * SLOT_MS);

const actorArb: fc.Arbitrary<Principal> = fc.oneof(
  fc.constant(anAdmin()),
  fc.constant(aSecretaria()),
  fc.integer({ min: 1, max: 3 }).map(aMedico),
  fc.integer({ min: 1, max: 4 }).map(aPaciente),
);
const duracionArb = fc.constantFrom(15, 30, 45, 60, 90);

type Op =
  | { op: 'book'; who: Principal; idPaciente: number; idDoctor: number; slot: number; duracionMin: number }
  | { op: 'cancel'; who: Principal; pick: number }
  | { op: 'change'; who: Principal; pick: number; slot?: number; idDoctor?: number; duracionMin?: number }
  | { op: 'status'; who: Principal; pick: number; estado: 'Confirmada' | 'Atendida' | 'NoAsistio' }
  | { op: 'wait'; minutes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    // Mostly callers allowed to book (admin, the patient themself), sometimes anyone: the cap and overlaps get hit.
    arbitrary: fc
      .record({ idPaciente: fc.integer({ min: 1, max: 4 }), idDoctor: fc.integer({ min: 1, max: 3 }), slot: fc.integer({ min: 0, max: 40 }), duracionMin: duracionArb, actor: fc.option(actorArb, { freq: 5 }), asAdmin: fc.boolean() })
      .map(({ actor, asAdmin, ...b }): Op => ({ op: 'book', who: actor ?? (asAdmin ? anAdmin() : aPaciente(b.idPaciente)), ...b })),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), who: actorArb, pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record(
      { op: fc.constant('change' as const), who: actorArb, pick: fc.nat(), slot: fc.integer({ min: 0, max: 40 }), idDoctor: fc.integer({ min: 1, max: 3 }), duracionMin: duracionArb },
      { requiredKeys: ['op', 'who', 'pick'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('status' as const), who: actorArb, pick: fc.nat(), estado: fc.constantFrom('Confirmada' as const, 'Atendida' as const, 'NoAsistio' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 180 }) }) },
);

async function allCitas(w: CitasWorld): Promise<Cita[]> {
  return (await w.ports.appointments.list({}, { page: 1, pageSize: 100_000 })).items.sort((a, b) => a.id - b.id);
}

async function assertInvariants(w: CitasWorld): Promise<void> {
  const active = (await allCitas(w)).filter(isActive);
  for (const a of active) {
    for (const b of active) {
      if (a.id >= b.id) continue;
      const both = overlaps({ inicio: a.inicio, fin: finOf(a) }, { inicio: b.inicio, fin: finOf(b) });
      assert.ok(!(both && a.idDoctor === b.idDoctor), `doctor ${a.idDoctor} double-booked: citas ${a.id} and ${b.id}`);
      assert.ok(!(both && a.idPaciente === b.idPaciente), `patient ${a.idPaciente} double-booked: citas ${a.id} and ${b.id}`);
    }
  }
  const now = w.clock.now().getTime();
  for (const p of [1, 2, 3, 4]) {
    const future = active.filter((c) => c.idPaciente === p && c.inicio.getTime() > now).length;
    assert.ok(future <= MAX, `patient ${p} holds ${future} future active citas (cap ${MAX})`);
  }
  const outbox = w.fakes?.outbox;
  if (outbox) {
    // A reminder is never left pending for a cita that no longer occupies the agenda, and each active cita has one.
    const reminders = outbox.pending().filter((m) => m.tipo === 'recordatorio');
    const activeIds = new Set(active.map((c) => c.id));
    for (const r of reminders) assert.ok(activeIds.has(r.idCita), `pending reminder for inactive cita ${r.idCita}`);
    for (const c of active) {
      assert.equal(reminders.filter((r) => r.idCita === c.id).length, 1, `active cita ${c.id} has one pending reminder`);
    }
  }
  for (const c of await allCitas(w)) {
    if (c.idCitaNueva !== undefined) {
      assert.equal(c.estado, 'Cancelada', `replaced cita ${c.id} is cancelled`);
      assert.equal((await w.ports.appointments.byId(c.idCitaNueva))?.idCitaAnterior, c.id, `cita ${c.idCitaNueva} links back to ${c.id}`);
    }
  }
}

async function apply(w: CitasWorld, op: Op, ids: number[]): Promise<void> {
  const pick = (n: number): number => (ids.length === 0 ? 1 : ids[n % ids.length]);
  switch (op.op) {
    case 'book': {
      const { cita: c } = await w.book.execute(
        { inicio: slotAt(op.slot), duracionMin: op.duracionMin, motivo: 'Revisión', idPaciente: op.idPaciente, idDoctor: op.idDoctor, idCentro: 1 },
        w.directoryCaller(op.who),
      );
      ids.push(c.id);
      return;
    }
    case 'cancel':
      await w.cancel.execute({ idCita: pick(op.pick) }, op.who);
      return;
    case 'change': {
      const { citaNueva, citaAnterior } = await w.reschedule.execute(
        { idCita: pick(op.pick), inicio: op.slot === undefined ? undefined : slotAt(op.slot), idDoctor: op.idDoctor, duracionMin: op.duracionMin, motivo: op.slot === undefined && op.idDoctor === undefined && op.duracionMin === undefined ? 'Cambio' : undefined },
        w.directoryCaller(op.who),
      );
      ids.push(citaNueva.id);
      const pair = [(await w.ports.appointments.byId(citaAnterior.id))!, (await w.ports.appointments.byId(citaNueva.id))!];
      assert.deepEqual(pair.map(isActive), [false, true], 'a change leaves exactly one active cita of the pair: the new one');
      return;
    }
    case 'status':
      await w.changeStatus.execute({ idCita: pick(op.pick), estado: op.estado }, op.who);
      return;
    case 'wait':
      w.clock.advanceMinutes(op.minutes);
      return;
  }
}

export interface InvariantsOptions {
  numRuns: number;
  /** Fresh storage per run (default: the in-memory fakes); `close` runs after it. */
  storage?: () => { storage: CitasStorage; close(): void };
  seed?: number;
}

export async function checkBookingInvariants(options: InvariantsOptions): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
      const made = options.storage?.();
      try {
        const w = citasWorld({ now: '2026-03-28T20:00:00Z', policy: { maxFutureCitas: MAX }, storage: made?.storage });
        const ids: number[] = [];
        for (const op of ops) {
          const before = await allCitas(w);
          try {
            await apply(w, op, ids);
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            assert.deepEqual(await allCitas(w), before, `refused ${op.op} (${err.code}) changed nothing`);
          }
          await assertInvariants(w);
        }
      } finally {
        made?.close();
      }
    }),
    { numRuns: options.numRuns, seed: options.seed },
  );
}
