import { all } from '../api.js';
import type { App } from '../app.js';
import { comingCitas } from '../coming-citas.js';
import { whenWithWhomWhere } from '../cita-words.js';
import { button, h } from '../dom.js';
import { estadoLabel } from '../format.js';
import type { Cita } from '../types.js';
import { openInAgenda } from './open-in-agenda.js';

/**
 * A patient's coming citas, for reception (Pacientes): a patient who phones
 * to move or cancel her cita knows her name or phone, not the day it is on.
 * Each is said by day, hour, doctor, center and estado, and a press opens it
 * in the agenda of its day and center, its panel open (Cambiar, Cancelar,
 * Confirmar are there, as anywhere else). The API lists them (GET /citas
 * filtered by id_paciente, open to staff).
 */
export async function patientCitas(app: App, paciente: { id_paciente: number; nombre: string }): Promise<HTMLElement> {
  const citas = comingCitas(await all<Cita>('/citas/citas', { id_paciente: paciente.id_paciente }), app.now());
  const items = await Promise.all(
    citas.map(async (c) => {
      const label = `${await whenWithWhomWhere(app, c)} · ${estadoLabel(app.session, c.estado)}`;
      return h('li', {}, button(label, () => openInAgenda(app, c)));
    }),
  );
  const title = `Próximas citas de ${paciente.nombre}`;
  return h(
    'section',
    { class: 'citas-paciente', 'aria-label': title, tabindex: '-1' },
    h('h2', {}, title),
    items.length ? h('ul', {}, items) : h('p', { class: 'vacio' }, 'No tiene citas próximas.'),
  );
}
