import { type Franja, type Horario, sortFranjas } from '../../core/domain/schedule';
import type { Schedules } from '../../core/ports/agenda';
import { prepared, type Db } from './open-database';

interface HorarioRow {
  id_doctor: number;
  id_centro: number;
  duracion_cita_min: number;
}

interface FranjaRow {
  id_centro: number;
  dia: number;
  desde: string;
  hasta: string;
}

export class SqliteSchedules implements Schedules {
  constructor(private readonly db: Db) {}

  forDoctor(idDoctor: number): Horario[] {
    const horarios = prepared(this.db, 'SELECT id_doctor, id_centro, duracion_cita_min FROM horarios WHERE id_doctor = ? ORDER BY id_centro')
      .all(idDoctor) as HorarioRow[];
    if (horarios.length === 0) return [];
    const franjas = prepared(this.db, 'SELECT id_centro, dia, desde, hasta FROM franjas WHERE id_doctor = ? ORDER BY dia, desde')
      .all(idDoctor) as FranjaRow[];
    return horarios.map((h) => ({
      idDoctor: h.id_doctor,
      idCentro: h.id_centro,
      duracionCitaMin: h.duracion_cita_min,
      franjas: sortFranjas(
        franjas.filter((f) => f.id_centro === h.id_centro).map((f): Franja => ({ dia: f.dia, desde: f.desde, hasta: f.hasta })),
      ),
    }));
  }

  replace(horario: Horario): void {
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM horarios WHERE id_doctor = ? AND id_centro = ?').run(horario.idDoctor, horario.idCentro);
      if (horario.franjas.length === 0) return;
      prepared(this.db, 'INSERT INTO horarios (id_doctor, id_centro, duracion_cita_min, actualizado_en) VALUES (?, ?, ?, ?)')
        .run(horario.idDoctor, horario.idCentro, horario.duracionCitaMin, Date.now());
      const insert = prepared(this.db, 'INSERT INTO franjas (id_doctor, id_centro, dia, desde, hasta) VALUES (?, ?, ?, ?, ?)');
      for (const f of horario.franjas) insert.run(horario.idDoctor, horario.idCentro, f.dia, f.desde, f.hasta);
    })();
  }
}
