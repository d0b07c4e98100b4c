/**
 * A request body's field problems as a client reads them, in one place for
 * every route (route.ts), each /lote item (admin/bulk.ts), the web service's
 * own forms (adapters/web) and the loader's --dry-run: one problem per field,
 * at the path of that field, an unknown key at its own path (the page shows
 * a message under the field a path names; '(raíz)' names none). The 422 they
 * make is the core's (invalidFields), with the same detail as the core's own.
 *
 * Two judges speak: zod, for each field's type and shape, and the core, for
 * what a field holds (its rules stay in core/domain and core/use-cases; a
 * schema only names which core function judges its body, `judgedBy`). When
 * zod refuses a body, the core still judges the fields whose type was right,
 * so one answer names every problem: a receptionist who sent telefono as a
 * number and nombre empty hears about both on her first save.
 */
import { z } from 'zod';
import type { FieldProblem } from '../../core/domain/errors';
import { invalidFields, problemsOf, ROOT_PATH } from '../../core/domain/field-problems';
import { REPEATED_PARAMETER, UNKNOWN_FIELD, UNKNOWN_PARAMETER } from './field-messages';

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || ROOT_PATH;

/**
 * One problem per path, the first zod found: a value wrong twice over (too
 * big for an integer and for its own bound) is one thing to fix. `unknownKey`
 * words an unknown key: a body's field or a query's parameter.
 */
export function fieldProblemsOf(error: z.ZodError, unknownKey: string = UNKNOWN_FIELD): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  const add = (path: string, message: string) => {
    if (!problems.has(path)) problems.set(path, { path, message });
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add(pathOf([...issue.path, key]), unknownKey);
    else add(pathOf(issue.path), issue.message);
  }
  return [...problems.values()];
}

/**
 * A query string's problems, for every route's query (route.ts). Express
 * reads a parameter given more than once (?page=1&page=2) as a list, which
 * no query schema takes: its problem says to give it once, not what its
 * schema says of a list ("Debe ser un texto.", which the URL's author did
 * write). An unknown parameter stays unknown however often it is given.
 */
export function queryProblemsOf(error: z.ZodError, query: Readonly<Record<string, unknown>>): FieldProblem[] {
  const unknown = new Set(error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [])));
  return fieldProblemsOf(error, UNKNOWN_PARAMETER).map((p) =>
    Array.isArray(query[p.path]) && !unknown.has(p.path) ? { path: p.path, message: REPEATED_PARAMETER } : p,
  );
}

/**
 * A core function that judges what a body's fields hold and throws the
 * core's ValidationError naming every problem (cleanPatientFields,
 * assertNewPatient...). It is given only the fields present, parsed by their
 * schema, so it judges whichever it receives; and `sent`, the schema's
 * fields the body carried, those zod refused too, for a rule about which
 * fields go together (a cita change's, appointment-change-request.ts), which
 * holds whatever their values.
 */
export type ContentJudge<T> = (fields: Partial<T>, sent: ReadonlySet<string>) => unknown;

type BodySchema = z.ZodObject;
const judges = new WeakMap<z.ZodType, ContentJudge<Record<string, unknown>>>();

/**
 * Names the core function that judges a body schema's content, so every
 * reader of the schema (route, /lote item, loader) merges its problems with
 * zod's. Last in the chain: `.meta()` and the like make a new schema.
 */
export function judgedBy<S extends BodySchema>(schema: S, judge: ContentJudge<z.output<S>>): S {
  judges.set(schema, judge as ContentJudge<Record<string, unknown>>);
  return schema;
}

/** The top-level field a problem's path is about: franjas.0.dia is about franjas. */
const fieldOf = (path: string): string => path.split('.')[0];

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema's fields a body carried, whatever their values. */
const sentFields = (schema: z.ZodType, value: Record<string, unknown>): ReadonlySet<string> =>
  new Set(Object.keys(value).filter((key) => Object.hasOwn((schema as BodySchema).shape, key)));

/**
 * What the core finds in the fields of a body zod refused whose type was
 * right, after zod's own problems: a field zod refused is not judged again
 * (its value is not given to the judge, only that it was sent, so what the
 * judge says at its path is about which fields go together), and an unknown
 * key keeps its own problem.
 */
function refusedBodyProblems(schema: z.ZodType, value: unknown, error: z.ZodError): FieldProblem[] {
  const typeProblems = fieldProblemsOf(error, UNKNOWN_FIELD);
  const judge = judges.get(schema);
  const refused = new Set(typeProblems.map((p) => fieldOf(p.path)));
  if (!judge || !isPlainObject(value) || refused.has(ROOT_PATH)) return typeProblems;
  const shape = (schema as BodySchema).shape;
  const sent = sentFields(schema, value);
  const wellTyped: Record<string, unknown> = {};
  for (const key of sent) {
    if (refused.has(key)) continue;
    const field = z.safeParse(shape[key], value[key]);
    if (field.success) wellTyped[key] = field.data;
  }
  return [...typeProblems, ...problemsOf(() => judge(wellTyped, sent))];
}

/**
 * Every problem of a body, zod's and the core's, whether or not zod accepts
 * it: what the loader's --dry-run reports for a row before sending it.
 */
export function bodyProblems(schema: z.ZodType, value: unknown): FieldProblem[] {
  const result = schema.safeParse(value);
  if (!result.success) return refusedBodyProblems(schema, value, result.error);
  const judge = judges.get(schema);
  return judge && isPlainObject(value) ? problemsOf(() => judge(result.data as Record<string, unknown>, sentFields(schema, value))) : [];
}

/**
 * A JSON body through its schema: the parsed value, or the 422 naming each
 * field's problem. A body zod accepts is judged by its use case, after the
 * use case's own checks of who may ask (a 403 stays a 403).
 */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidFields(refusedBodyProblems(schema, value, result.error));
}
