import { IdempotencyKeyInUseError, type IdempotentAnswer } from '../../core/domain/idempotency';
import type { IdempotencyKeys } from '../../core/ports/idempotency-keys';
import { answerJson, answerOfRow, citaIdOf, type IdempotencyRow } from '../storage/idempotency-row';
import type { PgDatabase } from './pg-database';

/**
 * Answers under Idempotency-Keys in `claves_idempotencia`. Inside a unit of
 * work `find` first takes the key's advisory lock (pg-database.ts
 * lockIdempotencyKey): READ COMMITTED alone would let two runs both find
 * nothing and both book; with the lock the second waits, and its SELECT then
 * sees the first's committed answer.
 */
export class PgIdempotencyKeys implements IdempotencyKeys {
  constructor(private readonly db: PgDatabase) {}

  async find(idUser: number, clave: string, since: Date): Promise<IdempotentAnswer | undefined> {
    await this.db.lockIdempotencyKey(idUser, clave);
    const [row] = await this.db.query<IdempotencyRow>(
      'SELECT * FROM claves_idempotencia WHERE id_user = $1 AND clave = $2 AND creada_en >= $3',
      [idUser, clave, since],
    );
    return row && answerOfRow(row);
  }

  async record(a: IdempotentAnswer, forgetBefore: Date): Promise<void> {
    await this.db.query('DELETE FROM claves_idempotencia WHERE creada_en < $1', [forgetBefore]);
    try {
      await this.db.query(
        `INSERT INTO claves_idempotencia (id_user, clave, operacion, huella, id_cita, respuesta, creada_en)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
        [a.idUser, a.clave, a.operacion, a.huella, citaIdOf(a), answerJson(a), a.creadaEn],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new IdempotencyKeyInUseError();
      throw err;
    }
  }
}
