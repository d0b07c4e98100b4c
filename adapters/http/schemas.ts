import { z } from 'zod';
import type { ZodOpenApiOverrideMetaContext } from 'zod-openapi';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../../core/domain/pagination';
import './field-messages'; // the words of every field problem, for every schema


/**
 * The most characters a text field of a JSON body may carry. Far above
 * every limit the core sets for a field (which the core checks, with every
 * other problem of the request, and the OpenAPI document states): a bound
 * against abuse, not a rule a person meets.
 */
export const TEXT_BOUND = 1000;

/**
 * A text field whose content rules are the core's: the schema only bounds
 * its size, and documents the core's own limits (`min`, `max`) so the served
 * document says what the service refuses.
 */
export const coreText = (limits: { min?: number; max: number }, meta: { description: string; example?: string }) =>
  z
    .string()
    .max(TEXT_BOUND)
    .meta({ ...meta, ...(limits.min !== undefined && { minLength: limits.min }), maxLength: limits.max });

/**
 * An integer as it arrives in a path or a query string: decimal digits only,
 * no leading zeros. z.coerce.number() alone also reads "0x10", "1e1", " 1",
 * "+1", "1.0" or "01" (Number() does), so one record or page would answer at
 * many URLs: aliases that slip past path-based rules in a proxy and muddle
 * the logs. Every number in a path or query goes through this one rule.
 */
export const integerText = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^(0|[1-9]\d*)$/, 'Debe ser un entero escrito solo con cifras.')
    .transform(Number)
    // No .int(): the digits already make an integer, and its own bound (the safe range) would add a second message to max's.
    .pipe(z.number().min(min).max(max))
    // The document describes what a client sends, an integer within these bounds, not the
    // string the URL carries it in: a generated client types ids as numbers, and sees
    // page_size=101 or id=0 as invalid before the service answers 400.
    .meta({
      override: ({ jsonSchema }: ZodOpenApiOverrideMetaContext) => {
        delete jsonSchema.pattern;
        Object.assign(jsonSchema, { type: 'integer', minimum: min, maximum: max });
      },
    });

/**
 * A choice whose list is the core's (estado, rol): any text reaches the
 * core, which refuses one outside the list with the request's other
 * problems; the document lists the choices.
 */
export const coreChoice = (values: readonly string[], description: string) =>
  z.string().max(TEXT_BOUND).meta({ description, enum: [...values] });

/** A positive integer id in a path or query. */
export const positiveIdText = (description: string) => integerText(1).meta({ description });

/** A positive integer id in a path. */
export const idParam = z.strictObject({
  id: positiveIdText('Identificador (entero positivo)'),
});

/** ?page=1&page_size=20, shared by every list route. */
export const pageQuery = {
  page: integerText(1, 1_000_000).default(1).meta({ description: 'Página, desde 1; por defecto 1' }),
  page_size: integerText(1, MAX_PAGE_SIZE).default(20).meta({ description: `Elementos por página, como máximo ${MAX_PAGE_SIZE}; por defecto 20` }),
};

export function pageRequestOf(query: { page: number; page_size: number }): PageRequest {
  return { page: query.page, pageSize: query.page_size };
}

/** A page of records as the contract writes it (`page_size`), each item through `map`. */
export function pageJson<T, J>(page: Page<T>, map: (item: T) => J) {
  return { items: page.items.map(map), page: page.page, page_size: page.pageSize, total: page.total };
}

export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), page: z.number().int(), page_size: z.number().int(), total: z.number().int() })
    .meta({ id });
}
