import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notificationBody } from '../../adapters/notify/notification-body';
import type { Notification } from '../../core/ports/notifier';

const cambio: Notification = {
  id: 12,
  tipo: 'cita_cambiada',
  idCita: 8,
  dueAt: new Date('2026-03-02T09:00:00Z'),
  attempt: 2,
  payload: {
    cita: { id: 8, inicio: '2026-07-01T08:30:00.000Z', duracionMin: 45, motivo: 'Endodoncia', estado: 'Programada', idPaciente: 3, idDoctor: 2, idCentro: 1, idUserRegistrado: 5, idCitaAnterior: 7 },
    idCitaAnterior: 7,
  },
};

describe('the notification body every channel sends', () => {
  it('writes the cita with the contract field names and the clinic offset, as the API shows it', () => {
    assert.deepEqual(notificationBody(cambio, 'Europe/Madrid'), {
      id: 12,
      tipo: 'cita_cambiada',
      id_cita: 8,
      debida: '2026-03-02T09:00:00.000Z',
      intento: 2,
      datos: {
        tipo: 'cita_cambiada',
        cita: {
          id_cita: 8,
          fecha: '2026-07-01T10:30:00+02:00',
          duracion_min: 45,
          motivo: 'Endodoncia',
          estado: 'Programada',
          id_paciente: 3,
          id_doctor: 2,
          id_centro: 1,
          id_user_registrado: 5,
          id_cita_anterior: 7,
        },
        id_cita_anterior: 7,
      },
    });
  });

  it('names the estado before a status change', () => {
    const n: Notification = { ...cambio, tipo: 'estado_cambiado', payload: { cita: { ...cambio.payload.cita, estado: 'Confirmada' }, estadoAnterior: 'Programada' } };
    const datos = notificationBody(n, 'Europe/Madrid').datos as Record<string, unknown>;
    assert.equal(datos.estado_anterior, 'Programada');
    assert.equal((datos.cita as { estado: string }).estado, 'Confirmada');
  });

  it('sends a notice stored before the outbox held domain records exactly as it was stored', () => {
    const legacy = { tipo: 'recordatorio', cita: { id_cita: 8, fecha: '2026-07-01T10:30:00+02:00' } };
    const n = { ...cambio, tipo: 'recordatorio', payload: legacy } as unknown as Notification;
    assert.deepEqual(notificationBody(n).datos, legacy);
  });
});
