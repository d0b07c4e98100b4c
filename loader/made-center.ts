import { searchKey } from '../core/domain/text';
import type { ApiAnswer, ApiClient } from './api-client';
import { listAll, ListingError } from './existing-accounts';
import { centerKey } from './files';

/**
 * Whether a center create whose answer was lost went in. Centers have no
 * unique key: sent again, the same row would make a second center, and
 * nothing would refuse it. So before a resend (Sending.findMade) the center
 * is looked for by what the row says of it, its name (the loader's identity
 * of a center, files.ts) and its address, among the centers whose name
 * holds it (GET /admin/centros?q=). A center with that name that was there
 * before the run was skipped before sending, so one found now is the row's,
 * made by the attempt whose answer was lost: it counts as created.
 */
interface CenterItem {
  id_centro: number;
  nombre: string;
  direccion: string;
  activo: boolean;
}

/**
 * The center list could not be read to find out (a ListingError; or, asked
 * after an answer lost, lost-answer.ts, the service itself not answering):
 * the row's outcome stays unknown, and it is not sent again on a guess.
 */
export class UnconfirmedCenterError extends Error {
  readonly code = 'CENTRO_SIN_CONFIRMAR';
  constructor(nombre: string, cause: Error) {
    super(
      `Se envió el centro "${nombre}" y su respuesta se perdió, así que no se sabe si se ha creado, y no se pudo comprobar (${cause.message}); ` +
        'no se envía otra vez para no crearlo dos veces. Vuelva a cargar: si se creó, contará como «ya existían»; si no, se creará.',
    );
    this.name = 'UnconfirmedCenterError';
  }
}

/** What a centros.csv row says of its center. */
export interface CenterRow {
  nombre: string;
  direccion: string;
}

export function findMadeCenter(api: ApiClient, row: CenterRow): () => Promise<ApiAnswer | undefined> {
  return async () => {
    let centers: CenterItem[];
    try {
      centers = await listAll<CenterItem>(api, '/admin/centros', { q: row.nombre });
    } catch (err) {
      if (err instanceof ListingError) throw new UnconfirmedCenterError(row.nombre, err);
      throw err;
    }
    const made = centers.find((c) => centerKey(c.nombre) === centerKey(row.nombre) && searchKey(c.direccion) === searchKey(row.direccion));
    // the answer the lost attempt had: admin answers a create with the center it made
    return made && { status: 201, body: made };
  };
}
