import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../loader/main';
import { textSink } from '../../support/text-sink';

/**
 * `--dry-run` is how an IT person checks a CSV before loading it: a bad row
 * must list every problem it has, each with its column, so one edit fixes
 * the row instead of one run per problem.
 */

/** Both files' second line, as written in both tests: every bad column of the patient row and of the doctor row named, no good one. */
function assertBadRowsNamed(report: string): void {
  const patient = report.split('\n').find((l) => l.includes('pacientes.csv línea 2')) ?? '';
  assert.match(patient, /VALIDACION/, report);
  for (const column of ['nombre', 'telefono', 'estado', 'username', 'password']) {
    assert.match(patient, new RegExp(`\\b${column}: `), `pacientes.csv: ${column} is named in ${patient}`);
  }
  const doctor = report.split('\n').find((l) => l.includes('doctores.csv línea 2')) ?? '';
  for (const column of ['especialidad', 'username']) {
    assert.match(doctor, new RegExp(`\\b${column}: `), `doctores.csv: ${column} is named in ${doctor}`);
  }
  assert.doesNotMatch(doctor, /\b(nombre|password): /, 'a good column is not named');
}

describe('loader --dry-run reports every problem of a row at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loader-dry-run-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names each bad column of a patient row, and only the bad ones', async () => {
    writeFileSync(join(dir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dir, 'centros.csv'), 'nombre,direccion\n');
    writeFileSync(join(dir, 'doctores.csv'), 'nombre,especialidad,username,password\nDra. Eva Gil,,e,Sonrisa2026\n');
    writeFileSync(join(dir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n,abc,BAJA,a b,x\n');
    const out = textSink();
    const err = textSink();
    assert.equal(await main(['--dry-run', '--data', dir], {}, { out, err }), 1);

    assertBadRowsNamed(err.text);
  });

  it('a cell too long for the API to read still leaves every other column judged', async () => {
    const long = 'A'.repeat(1001);
    const sub = mkdtempSync(join(dir, 'long-'));
    writeFileSync(join(sub, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(sub, 'centros.csv'), 'nombre,direccion\n');
    writeFileSync(join(sub, 'doctores.csv'), `nombre,especialidad,username,password\nDra. Eva Gil,${long},e,Sonrisa2026\n`);
    writeFileSync(join(sub, 'pacientes.csv'), `nombre,telefono,estado,username,password\n${long},abc,BAJA,a b,x\n`);
    const out = textSink();
    const err = textSink();
    assert.equal(await main(['--dry-run', '--data', sub], {}, { out, err }), 1);

    assertBadRowsNamed(err.text);
  });
});
