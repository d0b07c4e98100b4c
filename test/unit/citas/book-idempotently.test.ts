import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseClinicDateTime } from '../../../core/domain/clinic-time';
import type { BookAppointmentInput } from '../../../core/use-cases/book-appointment';
import { citasWorld } from '../../builders/citas-world';
import { aPaciente, anAdmin, callerOf } from '../../builders/principals';
import { code } from './expect';

const TZ = 'Europe/Madrid';
const KEY = '8e03978e-40d5-43e8-bc93-6894a57f9324';
const input = (over: Partial<BookAppointmentInput> = {}): BookAppointmentInput => ({
  inicio: parseClinicDateTime('2026-03-03T10:00:00', TZ),
  motivo: 'Revisión',
  idPaciente: 1,
  idDoctor: 1,
  idCentro: 1,
  ...over,
});

/** BookAppointment with an Idempotency-Key (core/domain/idempotency.ts), on the fakes. */
describe('booking with an Idempotency-Key', () => {
  it('answers the same key and request again with the cita it booked, without asking the directory or writing anything', async () => {
    const w = citasWorld();
    const who = callerOf(aPaciente(1));
    const first = await w.book.execute(input(), who, KEY);
    assert.equal(first.replayed, false);
    w.directory.down();
    const again = await w.book.execute(input(), who, KEY);
    assert.deepEqual(again, { cita: first.cita, replayed: true });
    assert.equal(w.fakes!.appointments.all().length, 1);
    assert.equal(w.fakes!.history.all().length, 1);
    assert.equal(w.fakes!.outbox.all().length, 2);
  });

  it('takes the same booking written another way (another offset) as the same request', async () => {
    const w = citasWorld();
    const first = await w.book.execute(input(), callerOf(anAdmin()), KEY);
    const again = await w.book.execute(input({ inicio: new Date('2026-03-03T09:00:00Z') }), callerOf(anAdmin()), KEY);
    assert.equal(again.replayed, true);
    assert.equal(again.cita.id, first.cita.id);
  });

  it('refuses the same key with another request (IDEMPOTENCIA_REUTILIZADA) and books nothing', async () => {
    const w = citasWorld();
    await w.book.execute(input(), callerOf(anAdmin()), KEY);
    await assert.rejects(w.book.execute(input({ motivo: 'Otra cosa' }), callerOf(anAdmin()), KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    await assert.rejects(w.book.execute(input({ duracionMin: 30 }), callerOf(anAdmin()), KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    assert.equal(w.fakes!.appointments.all().length, 1);
  });

  it('stores nothing for a booking that fails, so its retry is judged again', async () => {
    const w = citasWorld();
    w.directory.down();
    await assert.rejects(w.book.execute(input(), callerOf(anAdmin()), KEY), code('SERVICIO_NO_DISPONIBLE'));
    await assert.rejects(w.book.execute(input({ idPaciente: 2 }), callerOf(aPaciente(1)), 'otra-clave'), code('PROHIBIDO'));
    assert.equal(w.fakes!.idempotencyKeys.size(), 0);
  });

  it('stores the key with the cita, or neither: a booking refused inside its transaction leaves no key', async () => {
    const w = citasWorld();
    await w.book.execute(input(), callerOf(anAdmin()));
    await assert.rejects(w.book.execute(input(), callerOf(aPaciente(1)), KEY), code('DOCTOR_OCUPADO'));
    assert.equal(w.fakes!.idempotencyKeys.size(), 0);
  });

  it('forgets a key after 24 h by the clock: the request is then a new booking', async () => {
    const w = citasWorld({ now: '2026-03-02T08:00:00Z' });
    await w.book.execute(input(), callerOf(anAdmin()), KEY);
    w.clock.set('2026-03-03T07:59:00Z');
    assert.equal((await w.book.execute(input(), callerOf(anAdmin()), KEY)).replayed, true);
    w.clock.set('2026-03-03T08:00:01Z');
    await assert.rejects(w.book.execute(input(), callerOf(anAdmin()), KEY), code('DOCTOR_OCUPADO'));
    const other = await w.book.execute(input({ inicio: new Date('2026-03-04T09:00:00Z') }), callerOf(anAdmin()), KEY);
    assert.equal(other.replayed, false, 'the forgotten key takes a new request');
  });

  it('keeps keys of different users apart', async () => {
    const w = citasWorld();
    const mine = await w.book.execute(input(), callerOf(aPaciente(1)), KEY);
    const theirs = await w.book.execute(input({ idPaciente: 2, inicio: new Date('2026-03-04T09:00:00Z') }), callerOf(anAdmin()), KEY);
    assert.equal(theirs.replayed, false);
    assert.notEqual(theirs.cita.id, mine.cita.id);
  });

  it('books once for concurrent requests with one key; the others answer its cita', async () => {
    const w = citasWorld();
    const answers = await Promise.all(Array.from({ length: 5 }, () => w.book.execute(input(), callerOf(anAdmin()), KEY)));
    assert.equal(new Set(answers.map((a) => a.cita.id)).size, 1);
    assert.equal(answers.filter((a) => !a.replayed).length, 1);
    assert.equal(w.fakes!.appointments.all().length, 1);
  });

  it('refuses an unusable key (422: the HTTP edge answers 400 before)', async () => {
    const w = citasWorld();
    await assert.rejects(w.book.execute(input(), callerOf(anAdmin()), 'con espacio'), code('VALIDACION'));
    await assert.rejects(w.book.execute(input(), callerOf(anAdmin()), ''), code('VALIDACION'));
  });
});
