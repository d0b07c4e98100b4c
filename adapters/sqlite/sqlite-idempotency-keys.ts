import { IdempotencyKeyInUseError, type IdempotentAnswer } from '../../core/domain/idempotency';
import type { IdempotencyKeys } from '../../core/ports/idempotency-keys';
import { answerJson, answerOfRow, citaIdOf, type IdempotencyRow } from '../storage/idempotency-row';
import { type Db, serialOf, writeOf } from './open-database';

/**
 * Answers under Idempotency-Keys in `claves_idempotencia`. A key is held for
 * a unit of work with nothing more: BEGIN IMMEDIATE already makes the run the
 * file's only writer, and the gate keeps this process's other calls out.
 */
export class SqliteIdempotencyKeys implements IdempotencyKeys {
  private readonly serial;
  private readonly write;
  private readonly select;
  private readonly forget;
  private readonly insert;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.select = db.prepare<[number, string, number], IdempotencyRow>(
      'SELECT * FROM claves_idempotencia WHERE id_user = ? AND clave = ? AND creada_en >= ?',
    );
    this.forget = db.prepare<[number]>('DELETE FROM claves_idempotencia WHERE creada_en < ?');
    this.insert = db.prepare<Omit<IdempotencyRow, 'respuesta' | 'creada_en'> & { respuesta: string; creada_en: number }>(
      `INSERT INTO claves_idempotencia (id_user, clave, operacion, huella, id_cita, respuesta, creada_en)
       VALUES (@id_user, @clave, @operacion, @huella, @id_cita, @respuesta, @creada_en)`,
    );
  }

  find(idUser: number, clave: string, since: Date): Promise<IdempotentAnswer | undefined> {
    return this.serial.call(() => {
      const row = this.select.get(idUser, clave, since.getTime());
      return row && answerOfRow(row);
    });
  }

  record(a: IdempotentAnswer, forgetBefore: Date): Promise<void> {
    return this.write(() => {
      this.forget.run(forgetBefore.getTime());
      try {
        this.insert.run({
          id_user: a.idUser,
          clave: a.clave,
          operacion: a.operacion,
          huella: a.huella,
          id_cita: citaIdOf(a),
          respuesta: answerJson(a),
          creada_en: a.creadaEn.getTime(),
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new IdempotencyKeyInUseError();
        throw err;
      }
    });
  }
}
