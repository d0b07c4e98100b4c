import { type Franja, type Horario, sortFranjas } from '../../core/domain/schedule';
import type { Schedules } from '../../core/ports/agenda';
import type { Clock } from '../../core/ports/clock';
import type { PgDatabase } from './pg-database';

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

export class PgSchedules implements Schedules {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  async forDoctor(idDoctor: number): Promise<Horario[]> {
    const horarios = await this.db.query<HorarioRow>(
      'SELECT id_doctor, id_centro, duracion_cita_min FROM horarios WHERE id_doctor = $1 ORDER BY id_centro',
      [idDoctor],
    );
    if (horarios.length === 0) return [];
    const franjas = await this.db.query<FranjaRow>('SELECT id_centro, dia, desde, hasta FROM franjas WHERE id_doctor = $1 ORDER BY dia, desde', [idDoctor]);
    return horarios.map((h) => ({
      idDoctor: h.id_doctor,
      idCentro: h.id_centro,
      duracionCitaMin: h.duracion_cita_min,
      franjas: sortFranjas(
        franjas.filter((f) => f.id_centro === h.id_centro).map((f): Franja => ({ dia: f.dia, desde: f.desde, hasta: f.hasta })),
      ),
    }));
  }

  /**
   * Delete and re-insert as one transaction: its own unit of work, or the
   * caller's when there is one (nested runs join). The franjas go in one
   * INSERT from arrays, not one statement per franja.
   */
  replace(horario: Horario): Promise<void> {
    return this.db.run(async () => {
      await this.db.query('DELETE FROM horarios WHERE id_doctor = $1 AND id_centro = $2', [horario.idDoctor, horario.idCentro]);
      if (horario.franjas.length === 0) return;
      await this.db.query('INSERT INTO horarios (id_doctor, id_centro, duracion_cita_min, actualizado_en) VALUES ($1, $2, $3, $4)', [
        horario.idDoctor,
        horario.idCentro,
        horario.duracionCitaMin,
        this.clock.now(),
      ]);
      await this.db.query(
        `INSERT INTO franjas (id_doctor, id_centro, dia, desde, hasta)
         SELECT $1, $2, f.dia, f.desde, f.hasta FROM unnest($3::smallint[], $4::text[], $5::text[]) AS f (dia, desde, hasta)`,
        [horario.idDoctor, horario.idCentro, horario.franjas.map((f) => f.dia), horario.franjas.map((f) => f.desde), horario.franjas.map((f) => f.hasta)],
      );
    });
  }
}
