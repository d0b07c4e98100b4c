import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../../loader/csv';
import { main, optionsFrom } from '../../../loader/main';

/**
 * Excel's "CSV" export on a Spanish Windows is Windows-1252: "Clínica" is
 * the bytes 43 6C ED 6E 69 63 61, which are not UTF-8. Read as UTF-8 without
 * care, each such byte became U+FFFD in the names sent to the API (exit 0,
 * --dry-run "valid", and the right file later "ya existían"). The loader
 * refuses such a file before sending any row, naming the file and its first
 * bad line; --encoding windows-1252 reads it.
 */

/** Windows-1252 bytes of text in the Latin-1 range (every Spanish letter is). */
function cp1252(text: string): Buffer {
  assert.ok([...text].every((ch) => ch.codePointAt(0)! <= 0xff && !(ch.codePointAt(0)! >= 0x80 && ch.codePointAt(0)! < 0xa0)), 'Latin-1 letters only');
  return Buffer.from(text, 'latin1');
}

const CENTROS = 'nombre,direccion\nCentro Norte,Calle Mayor 1\nClínica Ñandú,Avenida de la Constitución 2\n';
const COLUMNS = ['nombre', 'direccion'];

describe('loader file encoding', () => {
  const dirs: string[] = [];
  const dataDir = (centros: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'loader-encoding-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dir, 'centros.csv'), centros);
    writeFileSync(join(dir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(join(dir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');
    return dir;
  };
  const io = () => {
    const out = { text: '', isTTY: false, write: (t: string) => (out.text += t) };
    const err = { text: '', isTTY: false, write: (t: string) => (err.text += t) };
    return { out, err };
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a file that is not UTF-8, naming the file and its first bad line, instead of reading U+FFFD into names', () => {
    const dir = dataDir(cp1252(CENTROS));
    assert.throws(() => readCsv(join(dir, 'centros.csv'), COLUMNS), (err: Error & { line?: number }) => {
      assert.equal(err.line, 3);
      assert.match(err.message, /centros\.csv.*UTF-8.*línea 3/);
      assert.match(err.message, /--encoding windows-1252/);
      return true;
    });
  });

  it('stops the run (exit 2), even a --dry-run, before any row: nothing is called valid', async () => {
    const dir = dataDir(cp1252(CENTROS));
    for (const args of [['--data', dir, '--dry-run'], ['--data', dir, '--admin-url', 'http://127.0.0.1:9', '--no-cita']]) {
      const { out, err } = io();
      const code = await main(args, {}, { out, err });
      assert.equal(code, 2, err.text);
      assert.match(err.text, /centros\.csv.*línea 3/);
      assert.doesNotMatch(out.text, /válidas|creadas/);
      assert.doesNotMatch(err.text, /No se puede conectar/, 'refused before contacting any service');
    }
  });

  it('reads Excel\'s Spanish export with --encoding windows-1252, accents intact', async () => {
    const dir = dataDir(cp1252(CENTROS));
    const table = readCsv(join(dir, 'centros.csv'), COLUMNS, 'windows-1252');
    assert.deepEqual(table.rows.map((r) => r.values.nombre), ['Centro Norte', 'Clínica Ñandú']);
    assert.equal(table.rows[1].values.direccion, 'Avenida de la Constitución 2');
    const { out, err } = io();
    assert.equal(await main(['--data', dir, '--dry-run', '--encoding', 'windows-1252'], {}, { out, err }), 0, err.text);
    assert.match(out.text, /centros\.csv: 2 filas, 2 válidas/);
  });

  it('reads Excel\'s Spanish export as Excel writes it: Windows-1252, cells separated by semicolons, CRLF, commas unquoted inside cells', async () => {
    // A Spanish Windows writes decimals with a comma, so Excel's list separator (the CSV "comma") is ";".
    const excel = 'nombre;direccion\r\nCentro Norte;Calle Mayor, 1\r\nClínica Ñandú;"Avenida de la Constitución; 2"\r\n';
    const dir = dataDir(cp1252(excel));
    writeFileSync(join(dir, 'usuarios.csv'), 'username;password;rol\r\nadmin;OdontoCare2026!;admin\r\n');
    const table = readCsv(join(dir, 'centros.csv'), COLUMNS, 'windows-1252');
    assert.deepEqual(table.problems, []);
    assert.deepEqual(table.rows.map((r) => r.values), [
      { nombre: 'Centro Norte', direccion: 'Calle Mayor, 1' },
      { nombre: 'Clínica Ñandú', direccion: 'Avenida de la Constitución; 2' },
    ]);
    const { out, err } = io();
    assert.equal(await main(['--data', dir, '--dry-run', '--encoding', 'windows-1252'], {}, { out, err }), 0, err.text);
    assert.match(out.text, /centros\.csv: 2 filas, 2 válidas/);
  });

  it('reads Excel\'s «Texto Unicode» export as Excel writes it: UTF-16 told by its BOM, cells separated by tabs, whatever --encoding says', async () => {
    const unicode = 'nombre\tdireccion\r\nCentro Norte\tCalle Mayor, 1\r\nClínica Ñandú\tAvenida de la Constitución; 2\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicode, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16(); // FE FF then each character high byte first
    for (const [bytes, encoding] of [[le, 'utf-8'], [be, 'utf-8'], [le, 'windows-1252']] as const) {
      const dir = dataDir(bytes);
      const table = readCsv(join(dir, 'centros.csv'), COLUMNS, encoding);
      assert.deepEqual(table.problems, []);
      assert.deepEqual(table.rows.map((r) => r.values), [
        { nombre: 'Centro Norte', direccion: 'Calle Mayor, 1' },
        { nombre: 'Clínica Ñandú', direccion: 'Avenida de la Constitución; 2' },
      ]);
      const { out, err } = io();
      assert.equal(await main(['--data', dir, '--dry-run', '--encoding', encoding], {}, { out, err }), 0, err.text);
      assert.match(out.text, /centros\.csv: 2 filas, 2 válidas/);
    }
  });

  it('refuses --encoding windows-1252 on a file that is UTF-8 with accents (it would read "Ã­" for "í"); plain ASCII is the same in both', () => {
    const dir = dataDir(Buffer.from(CENTROS, 'utf8'));
    assert.throws(() => readCsv(join(dir, 'centros.csv'), COLUMNS, 'windows-1252'), /centros\.csv.*UTF-8.*línea 3/);
    assert.equal(readCsv(join(dir, 'usuarios.csv'), ['username', 'password', 'rol'], 'windows-1252').rows[0].values.username, 'admin');
    assert.equal(readCsv(join(dir, 'centros.csv'), COLUMNS).rows[1].values.nombre, 'Clínica Ñandú', 'UTF-8 stays the default');
  });

  it('takes utf-8 (default) or windows-1252 and refuses any other encoding', () => {
    const chosen = (args: string[]) => {
      const o = optionsFrom(args, {});
      return o === 'help' ? undefined : o.encoding;
    };
    assert.equal(chosen([]), 'utf-8');
    assert.equal(chosen(['--encoding', 'windows-1252']), 'windows-1252');
    assert.equal(chosen(['--encoding', 'UTF-8']), 'utf-8');
    assert.throws(() => optionsFrom(['--encoding', 'utf-16le'], {}), /--encoding.*utf-8.*windows-1252/);
  });
});
