import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Cita } from '../../core/domain/appointment';
import { DomainError } from '../../core/domain/errors';
import { type IdempotentAnswer, idempotentRequest } from '../../core/domain/idempotency';
import type { BookAppointmentInput } from '../../core/use-cases/book-appointment';
import { aCita } from '../builders/cita';
import { citasWorld } from '../builders/citas-world';
import { anAdmin, aSecretaria, callerOf } from '../builders/principals';
import { pollUntil } from '../support/poll-until';
import type { CitasStorage, CitasStorageUnderTest, MakeCitasStorage } from './citas-storage';

const t = (hhmm: string, day = '02'): Date => new Date(`2026-03-${day}T${hhmm}:00Z`);
const TIMEOUT = { timeout: 20_000 };

/**
 * What IdempotencyKeys promises (core/ports/idempotency-keys.ts), on the
 * fakes, SQLite and PostgreSQL: answers by user and key within a window,
 * written in the booking's unit of work, a second answer for a live key
 * refused, old keys forgotten, and a key held by the run that looked it up.
 */
export function idempotencyKeysContract(name: string, make: MakeCitasStorage): void {
  describe(`IdempotencyKeys contract: ${name}`, () => {
    let made: CitasStorageUnderTest;
    let s: CitasStorage;
    let cita: Cita;
    const answer = (over: Partial<IdempotentAnswer> = {}): IdempotentAnswer => ({
      idUser: 7,
      clave: '8e03978e-40d5-43e8-bc93-6894a57f9324',
      operacion: 'reservar',
      huella: '[["motivo","Revisión"]]',
      respuesta: { cita },
      creadaEn: t('10:00'),
      ...over,
    });
    beforeEach(async () => {
      made = make();
      s = made.storage;
      cita = await s.appointments.add(aCita().build());
    });
    afterEach(() => made.close());

    it('finds nothing for a key never stored', async () => {
      assert.equal(await s.idempotencyKeys.find(7, 'nunca', t('00:00')), undefined);
    });

    it('gives back what was stored: the request fingerprint and the cita as answered, even if the cita changed since', async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      await s.appointments.update({ ...cita, estado: 'Confirmada' });
      assert.deepEqual(await s.idempotencyKeys.find(7, answer().clave, t('09:00')), answer());
    });

    it("gives back every operation's answer whole, with its operation: a cancellation's cita, a change's two citas", async () => {
      const cancelled: Cita = { ...cita, estado: 'Cancelada', motivoCancelacion: 'Viaje' };
      const nueva = await s.appointments.add(aCita().at('2026-03-31T08:00:00Z').build());
      const changed = { citaNueva: { ...nueva, idCitaAnterior: cita.id }, citaAnterior: { ...cita, estado: 'Cancelada' as const, idCitaNueva: nueva.id } };
      const cancellation = answer({ clave: 'cancelar', operacion: 'cancelar', respuesta: { cita: cancelled } });
      const change = answer({ clave: 'reprogramar', operacion: 'reprogramar', respuesta: changed });
      await s.idempotencyKeys.record(cancellation, t('00:00'));
      await s.idempotencyKeys.record(change, t('00:00'));
      assert.deepEqual(await s.idempotencyKeys.find(7, 'cancelar', t('09:00')), cancellation);
      assert.deepEqual(await s.idempotencyKeys.find(7, 'reprogramar', t('09:00')), change);
    });

    it('keeps one answer per key whatever the operation: a second answer under a key stored by another operation is refused', async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      await assert.rejects(s.idempotencyKeys.record(answer({ operacion: 'cancelar', creadaEn: t('10:05') }), t('00:00')), (err) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, 'IDEMPOTENCIA_EN_CURSO');
        return true;
      });
      assert.equal((await s.idempotencyKeys.find(7, answer().clave, t('00:00')))?.operacion, 'reservar');
    });

    it("scopes a key to its user: another user's identical key is another key", async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      assert.equal(await s.idempotencyKeys.find(8, answer().clave, t('09:00')), undefined);
      await s.idempotencyKeys.record(answer({ idUser: 8, huella: 'otra' }), t('00:00'));
      assert.equal((await s.idempotencyKeys.find(8, answer().clave, t('09:00')))?.huella, 'otra');
      assert.equal((await s.idempotencyKeys.find(7, answer().clave, t('09:00')))?.huella, answer().huella);
    });

    it('finds only answers stored at or after `since`', async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      assert.ok(await s.idempotencyKeys.find(7, answer().clave, t('10:00')));
      assert.equal(await s.idempotencyKeys.find(7, answer().clave, t('10:01')), undefined);
    });

    it('refuses a second answer for a key still remembered (IDEMPOTENCIA_EN_CURSO) and keeps the first', async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      await assert.rejects(s.idempotencyKeys.record(answer({ huella: 'otra', creadaEn: t('10:05') }), t('00:00')), (err) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, 'IDEMPOTENCIA_EN_CURSO');
        return true;
      });
      assert.equal((await s.idempotencyKeys.find(7, answer().clave, t('00:00')))?.huella, answer().huella);
    });

    it('forgets, on each record, the answers stored before `forgetBefore`, so the same key can be stored again', async () => {
      await s.idempotencyKeys.record(answer(), t('00:00'));
      await s.idempotencyKeys.record(answer({ clave: 'otra', creadaEn: t('10:00', '03') }), t('10:00', '03'));
      assert.equal(await s.idempotencyKeys.find(7, answer().clave, t('00:00')), undefined, 'deleted, not only hidden');
      await s.idempotencyKeys.record(answer({ huella: 'nueva', creadaEn: t('10:30', '03') }), t('10:00', '03'));
      assert.equal((await s.idempotencyKeys.find(7, answer().clave, t('00:00')))?.huella, 'nueva');
    });

    it('belongs to the unit of work: a run that fails leaves no answer', async () => {
      await assert.rejects(
        s.uow.run(async () => {
          await s.idempotencyKeys.record(answer(), t('00:00'));
          throw new Error('la reserva falla después');
        }),
        /la reserva falla/,
      );
      assert.equal(await s.idempotencyKeys.find(7, answer().clave, t('00:00')), undefined);
    });

    it('holds a key for the run that looked it up: a second run looking it up waits, then sees the answer committed', TIMEOUT, async () => {
      let firstLookedUp!: () => void;
      const lookedUp = new Promise<void>((r) => (firstLookedUp = r));
      let letFirstRecord!: () => void;
      const recordAllowed = new Promise<void>((r) => (letFirstRecord = r));
      const first = s.uow.run(async () => {
        assert.equal(await s.idempotencyKeys.find(7, answer().clave, t('00:00')), undefined);
        firstLookedUp();
        await recordAllowed;
        await s.idempotencyKeys.record(answer(), t('00:00'));
      });
      await lookedUp;
      let secondBegan = false;
      const second = s.uow.run(() => {
        secondBegan = true;
        return s.idempotencyKeys.find(7, answer().clave, t('00:00'));
      });
      try {
        // The first records only once the second is certainly waiting for the key: seen waiting for
        // its lock where runs go side by side; queued, its work not begun, where they take turns.
        const waitingForLock = made.waitingForLock;
        if (waitingForLock) await pollUntil(async () => (await waitingForLock()) > 0, [second]);
        else assert.equal(secondBegan, false, 'a second unit of work began while the first was open');
      } finally {
        letFirstRecord();
      }
      await first;
      assert.equal((await second)?.huella, answer().huella);
    });
  });
}

/** The booking that made `cita`, as BookAppointment is asked for it (its length left to the default). */
const bookingOf = (cita: Cita): BookAppointmentInput => ({
  inicio: cita.inicio,
  motivo: cita.motivo,
  idPaciente: cita.idPaciente,
  idDoctor: cita.idDoctor,
  idCentro: cita.idCentro,
});

const KEY_BEFORE = 'clave-de-antes';

/**
 * The row a booking of `cita` with an Idempotency-Key left in
 * `claves_idempotencia` before keys took an operation (SQLite 6,
 * PostgreSQL 5): no operation, the bare cita as its answer. The upgrade tests
 * write it with the old schema's own INSERT; `creada_en` an hour before
 * citasWorld's clock, so it is still remembered.
 */
export function bookingKeyRowBeforeOperations(cita: Cita) {
  const request = idempotentRequest(anAdmin().userId, KEY_BEFORE, 'reservar', { ...bookingOf(cita) });
  return {
    id_user: request.idUser,
    clave: request.clave,
    huella: request.huella,
    id_cita: cita.id,
    respuesta: JSON.stringify(cita),
    creada_en: new Date('2026-03-02T07:00:00Z'),
  };
}

/**
 * A database whose keys were all bookings' (before keys took an operation),
 * upgraded with the row of bookingKeyRowBeforeOperations: that booking sent
 * again still answers its cita, its key is still a booking's (a change under
 * it is 422), and changes take keys of their own.
 */
export async function idempotencyAfterOperationsUpgrade(storage: CitasStorage, cita: Cita): Promise<void> {
  const w = citasWorld({ storage });
  const who = callerOf(anAdmin());
  assert.deepEqual(await w.book.execute(bookingOf(cita), who, KEY_BEFORE), { cita, replayed: true });
  const change = { idCita: cita.id, inicio: w.at('2026-04-01T10:00:00') };
  await assert.rejects(w.reschedule.execute(change, who, KEY_BEFORE), (err) => err instanceof DomainError && err.code === 'IDEMPOTENCIA_REUTILIZADA');
  const changed = await w.reschedule.execute(change, callerOf(aSecretaria()), 'clave-del-cambio');
  assert.deepEqual(await w.reschedule.execute(change, callerOf(aSecretaria()), 'clave-del-cambio'), { ...changed, replayed: true });
}

/**
 * A database made before Idempotency-Keys existed, with a cita written then,
 * upgraded: bookings with a key replay, and the old cita is untouched. Run
 * by the SQLite and PostgreSQL upgrade tests on the upgraded storage.
 */
export async function idempotencyAfterUpgrade(storage: CitasStorage, oldCita: Cita): Promise<void> {
  const w = citasWorld({ storage });
  const who = callerOf(anAdmin());
  const wanted = { inicio: w.at('2026-03-04T10:00:00'), motivo: 'Revisión', idPaciente: 2, idDoctor: 2, idCentro: 1 };
  const first = await w.book.execute(wanted, who, 'clave-tras-actualizar');
  const again = await w.book.execute(wanted, who, 'clave-tras-actualizar');
  assert.deepEqual(again, { cita: first.cita, replayed: true });
  assert.deepEqual(await storage.appointments.byId(oldCita.id), oldCita);
}
