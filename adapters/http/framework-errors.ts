import { HttpError } from './problem';

/**
 * Failures raised by express and body-parser themselves, not by our code,
 * turned into the contract's 400 / 413 / 415: a client's malformed request
 * is the client's error, never a 500 logged as unexpected. Its own file so
 * the web service uses it without loading the APIs' shell (and swagger-ui,
 * which its image does not have).
 */
export function fromFramework(err: unknown): unknown {
  // express's router decodes path params before any route runs; a bad %XX is a URIError it marks 400.
  if (err instanceof URIError && (err as { status?: unknown }).status === 400) {
    return new HttpError('PARAMETRO_INVALIDO', 'La ruta tiene una codificación por ciento (%XX) no válida.');
  }
  const type = (err as { type?: unknown })?.type;
  switch (type) {
    case 'entity.verify.failed': // a `verify` hook refused the raw bytes (create-app.ts: nesting too deep)
      return err instanceof HttpError ? err : new HttpError('JSON_MALFORMADO', 'El cuerpo no es JSON válido.');
    case 'entity.parse.failed':
      return new HttpError('JSON_MALFORMADO', 'El cuerpo no es JSON válido.');
    case 'entity.too.large':
      return new HttpError('CUERPO_DEMASIADO_GRANDE', 'El cuerpo supera el tamaño máximo permitido.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError('TIPO_NO_SOPORTADO', 'Codificación del cuerpo no soportada; use UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpError('JSON_MALFORMADO', 'El cuerpo de la petición llegó incompleto.');
    default:
      return isDecompressionFailure(err) ? new HttpError('JSON_MALFORMADO', 'El cuerpo no es lo que dice su Content-Encoding: no se puede descomprimir.') : err;
  }
}

/**
 * body-parser inflates a body sent with Content-Encoding gzip, deflate or
 * br; bytes that are not that (plain JSON labelled gzip, a truncated
 * stream) fail in zlib, and body-parser passes zlib's error on marked 400
 * but with no `type`. It is the client's malformed body, not a 500.
 */
function isDecompressionFailure(err: unknown): boolean {
  const e = err as { status?: unknown; errno?: unknown; code?: unknown } | null;
  return e instanceof Error && e.status === 400 && typeof e.errno === 'number' && typeof e.code === 'string';
}
