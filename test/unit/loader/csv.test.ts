import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../loader/csv';
import { main } from '../../../loader/main';

const COLUMNS = ['nombre', 'direccion'] as const;

describe('loader CSV reading', () => {
  it('gives each row the line it starts on, skipping blank lines', () => {
    const table = parseCsv('nombre,direccion\nA,uno\n\nB,dos\nC,tres\n', COLUMNS);
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.values.nombre]),
      [
        [2, 'A'],
        [4, 'B'],
        [5, 'C'],
      ],
    );
    assert.deepEqual(table.problems, []);
  });

  it('skips rows with every cell empty, as Excel writes them after the data (",,"), and lines of spaces, like blank lines', () => {
    const table = parseCsv('nombre,direccion\r\nA,uno\r\n,\r\n  \r\nB,dos\r\n,\r\n" ", \r\n,\r\n', COLUMNS);
    assert.deepEqual(table.problems, []);
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.values.nombre]),
      [
        [2, 'A'],
        [5, 'B'],
      ],
    );
  });

  it('ignores a BOM and CRLF line ends (Excel) without shifting line numbers', () => {
    const table = parseCsv('\ufeffnombre,direccion\r\nA,uno\r\n\r\nB,dos\r\n', COLUMNS);
    assert.deepEqual(table.rows, [
      { line: 2, values: { nombre: 'A', direccion: 'uno' } },
      { line: 4, values: { nombre: 'B', direccion: 'dos' } },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells, and counts lines after them', () => {
    const table = parseCsv('nombre,direccion\n"Clínica, Centro","Calle ""Mayor"", 1"\nB,"dos\nlíneas"\nC,tres\n', COLUMNS);
    assert.deepEqual(table.rows, [
      { line: 2, values: { nombre: 'Clínica, Centro', direccion: 'Calle "Mayor", 1' } },
      { line: 3, values: { nombre: 'B', direccion: 'dos\nlíneas' } },
      { line: 5, values: { nombre: 'C', direccion: 'tres' } },
    ]);
  });

  it('maps cells by header name, in any column order', () => {
    const table = parseCsv('direccion,nombre\nCalle Mayor 1,Centro\n', COLUMNS);
    assert.deepEqual(table.rows[0].values, { nombre: 'Centro', direccion: 'Calle Mayor 1' });
  });

  it('reports a row with the wrong number of cells by its line and keeps the others', () => {
    const table = parseCsv('nombre,direccion\nA,uno\nsolo\nC,tres,extra\nD,cuatro\n', COLUMNS);
    assert.deepEqual(
      table.rows.map((r) => r.line),
      [2, 5],
    );
    assert.deepEqual(
      table.problems.map((p) => p.line),
      [3, 4],
    );
    assert.match(table.problems[0].message, /1 columnas y la cabecera 2/);
  });

  it('reports an unclosed quote at the line where its row starts, after keeping the rows before it', () => {
    const table = parseCsv('nombre,direccion\nA,uno\nB,"dos\nC,tres\n', COLUMNS);
    assert.deepEqual(
      table.rows.map((r) => r.line),
      [2],
    );
    assert.equal(table.problems.length, 1);
    assert.equal(table.problems[0].line, 3);
    assert.match(table.problems[0].message, /comillas no se cierran/);
  });

  it('treats a quote inside an unquoted cell as text', () => {
    const table = parseCsv('nombre,direccion\nJuan "Juanito" Pérez,Calle 1\n', COLUMNS);
    assert.equal(table.rows[0].values.nombre, 'Juan "Juanito" Pérez');
  });

  it('knows a column whatever its case, accents and spacing, as a person titles a sheet ("Nombre", "Dirección ", "Teléfono")', () => {
    assert.deepEqual(parseCsv('Nombre ;\u00a0Dirección\r\nCentro Norte;Calle 1\r\n', COLUMNS), {
      rows: [{ line: 2, values: { nombre: 'Centro Norte', direccion: 'Calle 1' } }],
      problems: [],
    });
    const patients = parseCsv('Nombre,Teléfono,ESTADO,Username,Password\nAna Gil,+34 611 000 001,,ana.gil,Clave2026ag\n', [
      'nombre',
      'telefono',
      'estado',
      'username',
      'password',
    ]);
    assert.deepEqual(patients.problems, []);
    assert.deepEqual(patients.rows[0].values, { nombre: 'Ana Gil', telefono: '+34 611 000 001', estado: '', username: 'ana.gil', password: 'Clave2026ag' });
    // two titles for one column are still one too many
    assert.match(parseCsv('nombre,Nombre,direccion\nA,B,uno\n', COLUMNS).problems[0].message, /columnas repetidas: Nombre/);
  });

  it('refuses the whole file when the header lacks a column or names an unknown one', () => {
    const table = parseCsv('nombre,dir\nA,uno\n', COLUMNS);
    assert.deepEqual(table.rows, []);
    assert.equal(table.problems[0].line, 1);
    assert.match(table.problems[0].message, /faltan columnas: direccion; columnas desconocidas: dir/);
  });

  it('ignores an unnamed empty column at the end, as Excel writes one ("nombre;direccion;"), but not data under it', () => {
    const table = parseCsv('nombre;direccion;\r\nA;uno;\r\nB;dos;extra\r\nC;tres;\r\n', COLUMNS);
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.values]),
      [
        [2, { nombre: 'A', direccion: 'uno' }],
        [4, { nombre: 'C', direccion: 'tres' }],
      ],
    );
    assert.deepEqual(table.problems.map((p) => p.line), [3]);
    assert.match(table.problems[0].message, /columna 3.*sin nombre/);
  });

  it('says so when the file is empty', () => {
    const table = parseCsv('', COLUMNS);
    assert.deepEqual(table.rows, []);
    assert.match(table.problems[0].message, /vacío/);
  });
});

describe('a usuarios.csv the loader cannot read its admin from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loader-usuarios-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sink = () => {
    const s = { text: '', isTTY: false, write: (t: string) => (s.text += t) };
    return s;
  };

  it('says what is wrong with the file (a misspelt column), not that it has no admin row', async () => {
    writeFileSync(join(dir, 'usuarios.csv'), 'usuario,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dir, 'centros.csv'), 'nombre,direccion\n');
    writeFileSync(join(dir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(join(dir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');
    const out = sink();
    const err = sink();
    assert.equal(await main(['--dry-run', '--data', dir], {}, { out, err }), 2);
    assert.match(err.text, /usuarios\.csv línea 1: Cabecera no válida \(faltan columnas: username; columnas desconocidas: usuario\)/);
  });
});
