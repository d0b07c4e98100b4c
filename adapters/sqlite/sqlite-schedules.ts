import type { Horario } from '../../core/domain/schedule';
import type { Schedules } from '../../core/ports/agenda';
import type { Clock } from '../../core/ports/clock';
import { type FranjaRow, type HorarioRow, horariosOf } from '../storage/schedule-rows';
import { type Db, serialOf, writeOf } from './open-database';

export class SqliteSchedules implements Schedules {
  private readonly serial;
  private readonly write;
  private readonly selectHorarios;
  private readonly selectFranjas;
  private readonly deleteHorario;
  private readonly insertHorario;
  private readonly insertFranja;
  /** Delete and re-insert as one transaction (a savepoint inside a caller's unit of work). */
  private readonly replaceHorario;

  constructor(db: Db, clock: Clock) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.selectHorarios = db.prepare<[number], HorarioRow>(
      'SELECT id_doctor, id_centro, duracion_cita_min FROM horarios WHERE id_doctor = ? ORDER BY id_centro',
    );
    this.selectFranjas = db.prepare<[number], FranjaRow>('SELECT id_centro, dia, desde, hasta FROM franjas WHERE id_doctor = ? ORDER BY dia, desde');
    this.deleteHorario = db.prepare<[number, number]>('DELETE FROM horarios WHERE id_doctor = ? AND id_centro = ?');
    this.insertHorario = db.prepare<[number, number, number, number]>(
      'INSERT INTO horarios (id_doctor, id_centro, duracion_cita_min, actualizado_en) VALUES (?, ?, ?, ?)',
    );
    this.insertFranja = db.prepare<[number, number, number, string, string]>(
      'INSERT INTO franjas (id_doctor, id_centro, dia, desde, hasta) VALUES (?, ?, ?, ?, ?)',
    );
    this.replaceHorario = db.transaction((horario: Horario) => {
      this.deleteHorario.run(horario.idDoctor, horario.idCentro);
      if (horario.franjas.length === 0) return;
      this.insertHorario.run(horario.idDoctor, horario.idCentro, horario.duracionCitaMin, clock.now().getTime());
      for (const f of horario.franjas) this.insertFranja.run(horario.idDoctor, horario.idCentro, f.dia, f.desde, f.hasta);
    });
  }

  forDoctor(idDoctor: number): Promise<Horario[]> {
    return this.serial.call(() => {
      const horarios = this.selectHorarios.all(idDoctor);
      if (horarios.length === 0) return [];
      const franjas = this.selectFranjas.all(idDoctor);
      return horariosOf(horarios, franjas);
    });
  }

  replace(horario: Horario): Promise<void> {
    return this.write(() => {
      this.replaceHorario(horario);
    });
  }
}
