import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCsv } from '../../../loader/csv';
import { DEFAULT_OPTIONS, generateData } from '../../../loader/generate-data';
import { FILES } from '../../../loader/files';
import { localProblems } from '../../../loader/validation';

const ROOT = resolve(__dirname, '..', '..', '..');
const NAMES = ['usuarios.csv', 'centros.csv', 'doctores.csv', 'pacientes.csv'] as const;

describe('synthetic data generator', () => {
  it('gives byte-identical files for the same seed and options', () => {
    assert.deepEqual(generateData({ ...DEFAULT_OPTIONS, patients: 300 }), generateData({ ...DEFAULT_OPTIONS, patients: 300 }));
  });

  it('gives different files for another seed', () => {
    assert.notEqual(generateData({ ...DEFAULT_OPTIONS, seed: 1 })['pacientes.csv'], generateData()['pacientes.csv']);
  });

  it('produces exactly the committed loader/data files with the default options (the script run as npm runs it)', () => {
    const out = mkdtempSync(join(tmpdir(), 'odontocare-data-'));
    try {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'loader/generate-data.ts', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      for (const name of NAMES) {
        assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(ROOT, 'loader', 'data', name))), `${name} differs`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('only appends patients when asked for more: the other files and the first patients stay the same', () => {
    const small = generateData();
    const big = generateData({ ...DEFAULT_OPTIONS, patients: 500 });
    assert.equal(big['usuarios.csv'], small['usuarios.csv']);
    assert.equal(big['doctores.csv'], small['doctores.csv']);
    assert.equal(big['centros.csv'], small['centros.csv']);
    assert.ok(big['pacientes.csv'].startsWith(small['pacientes.csv']));
  });

  it('starts usuarios.csv with the bootstrap admin and passes the API rules on every row, with unique usernames', () => {
    const files = generateData({ ...DEFAULT_OPTIONS, patients: 2000 });
    const usernames: string[] = [];
    for (const spec of FILES) {
      const table = parseCsv(files[spec.file], spec.columns);
      assert.deepEqual(table.problems, [], spec.file);
      for (const row of table.rows) {
        const body = spec.toBody(row.values);
        assert.deepEqual(localProblems(spec.kind, body), [], `${spec.file} line ${row.line}`);
        if (body.username) usernames.push(body.username);
      }
    }
    assert.equal(new Set(usernames).size, usernames.length);
    assert.deepEqual(parseCsv(files['usuarios.csv'], ['username', 'password', 'rol']).rows[0].values, {
      username: 'admin',
      password: 'OdontoCare2026!',
      rol: 'admin',
    });
  });

  it('has the default shape: 12 doctors over every specialty, 120 patients with some INACTIVO, 6 centers in three cities', () => {
    const files = generateData();
    const doctors = parseCsv(files['doctores.csv'], ['nombre', 'especialidad', 'username', 'password']).rows;
    const patients = parseCsv(files['pacientes.csv'], ['nombre', 'telefono', 'estado', 'username', 'password']).rows;
    const centers = parseCsv(files['centros.csv'], ['nombre', 'direccion']).rows;
    assert.equal(doctors.length, 12);
    assert.ok(new Set(doctors.map((d) => d.values.especialidad)).has('Ortodoncia'));
    assert.equal(patients.length, 120);
    const inactive = patients.filter((p) => p.values.estado === 'INACTIVO').length;
    assert.ok(inactive > 0 && inactive < 30, `${inactive} inactive`);
    assert.ok(patients.every((p) => /^\+34 [69]\d{2} \d{3} \d{3}$/.test(p.values.telefono)));
    assert.equal(centers.length, 6);
    for (const city of ['Madrid', 'Barcelona', 'Valencia']) assert.ok(centers.some((c) => c.values.direccion.endsWith(city)), city);
  });
});
