import type { Notification } from '../../core/ports/notifier';

/** A reminder of cita 7 (Tuesday 2026-03-03 10:00 in Madrid), first attempt, as the delivery round hands it over. */
export const aNotification = (over: Partial<Notification> = {}): Notification => ({
  id: 41,
  tipo: 'recordatorio',
  idCita: 7,
  dueAt: new Date('2026-03-02T09:00:00Z'),
  attempt: 1,
  payload: {
    cita: { id: 7, inicio: '2026-03-03T09:00:00.000Z', duracionMin: 30, motivo: 'Revisión 🦷 con la Dra. Núñez', estado: 'Programada', idPaciente: 1, idDoctor: 1, idCentro: 1, idUserRegistrado: 1 },
  },
  stillWanted: async () => true, // as the delivery round always passes it
  ...over,
});
