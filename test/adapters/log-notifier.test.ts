import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { LogNotifier } from '../../adapters/notify/log-notifier';
import { aNotification } from '../builders/notification';

/**
 * The default channel writes each notice to the service's log, which IT
 * people read and ship elsewhere. A cita's motivo and its cancellation's
 * are what the patient told the clinic about her health, in her words: the
 * log names the cita, its time, its people and its estado, never those.
 */
describe('LogNotifier: what a notice puts in the log', () => {
  const logged = async (n = aNotification()): Promise<{ line: string; notice: Record<string, unknown> }> => {
    const lines: string[] = [];
    await new LogNotifier(pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }), 'Europe/Madrid').deliver(n);
    assert.equal(lines.length, 1);
    return { line: lines[0], notice: JSON.parse(lines[0]).notificacion };
  };

  it('names the cita, when it is and whose it is, and keeps its motivo out', async () => {
    const { line, notice } = await logged();
    assert.doesNotMatch(line, /Revisión|Núñez/);
    const cita = (notice.datos as { cita: Record<string, unknown> }).cita;
    assert.equal(cita.motivo, undefined);
    assert.deepEqual(
      { id: notice.id, tipo: notice.tipo, id_cita: notice.id_cita, fecha: cita.fecha, paciente: cita.id_paciente, doctor: cita.id_doctor, estado: cita.estado },
      { id: 41, tipo: 'recordatorio', id_cita: 7, fecha: '2026-03-03T10:00:00+01:00', paciente: 1, doctor: 1, estado: 'Programada' },
    );
  });

  it('keeps a cancellation notice’s motivo_cancelacion out too', async () => {
    const base = aNotification();
    const cancelled = aNotification({
      tipo: 'cita_cancelada',
      payload: { cita: { ...base.payload.cita, estado: 'Cancelada', motivoCancelacion: 'Me duele la muela y no puedo ir' } },
    });
    const { line, notice } = await logged(cancelled);
    assert.doesNotMatch(line, /muela|Revisión/);
    assert.equal((notice.datos as { cita: Record<string, unknown> }).cita.estado, 'Cancelada');
  });
});
