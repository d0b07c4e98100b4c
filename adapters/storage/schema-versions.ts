/**
 * Whether this build can use a database's schema, judged from the versions
 * in its `schema_migrations`: one home for the rule and its wording, read by
 * the SQLite and PostgreSQL migrations at start and by the restore check.
 *
 * Migrations only go forward, so a database a newer build migrated (an
 * operator rolling back an image) is one this build cannot read: citas' 6/7
 * reshaped the stored Idempotency-Key answers. Any applied version this build
 * does not know means that, not only one above its highest: numbers are not
 * in the order they were written (citas' 6 and 7 came after the agenda's 10
 * and 11).
 */

/** What the operator can do about it: at a service's start, or at a restore. */
export type NewerSchemaRemedy = 'start' | 'restore';

const REMEDY: Record<NewerSchemaRemedy, string> = {
  start: 'arranque esa versión (o una posterior), o restaure una copia hecha con esta versión',
  restore: 'restáurela con esa versión, o una posterior',
};

/** The applied versions that are none of `known`, in order: empty when this build can use the schema. */
export function unknownMigrations(applied: Iterable<number>, known: readonly { version: number }[]): number[] {
  const versions = new Set(known.map((m) => m.version));
  return [...applied].filter((v) => !versions.has(v)).sort((a, b) => a - b);
}

/** One line: `subject` (a file, a database) holds `unknown`, what that means, and what to do. */
export function newerSchemaMessage(subject: string, unknown: readonly number[], known: readonly { version: number }[], remedy: NewerSchemaRemedy): string {
  const highest = Math.max(0, ...known.map((m) => m.version));
  return (
    `${subject} tiene migraciones que este programa no conoce (${unknown.join(', ')}; conoce hasta la ${highest}): ` +
    `la migró una versión más nueva de OdontoCare; ${REMEDY[remedy]}.`
  );
}

/** A service refusing, at start, a database a newer build migrated. Its message is the whole story. */
export class NewerSchemaError extends Error {
  constructor(subject: string, unknown: readonly number[], known: readonly { version: number }[]) {
    super(newerSchemaMessage(subject, unknown, known, 'start'));
    this.name = 'NewerSchemaError';
  }
}

/** Throws NewerSchemaError when `applied` holds a version this build does not know; call it before applying anything. */
export function refuseNewerSchema(subject: string, applied: Iterable<number>, known: readonly { version: number }[]): void {
  const unknown = unknownMigrations(applied, known);
  if (unknown.length > 0) throw new NewerSchemaError(subject, unknown, known);
}
