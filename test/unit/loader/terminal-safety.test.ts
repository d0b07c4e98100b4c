import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../loader/main';
import { textSink } from '../../support/text-sink';
import { ConsoleReporter, printable } from '../../../loader/report';

/**
 * The loader prints what it read (CSV cells) and what the API said; neither
 * may reach the operator's terminal raw: an ESC sequence in a center's name
 * could clear or rewrite the screen, a CR overwrite the line, a
 * right-to-left override reorder it. They are shown as \u escapes instead.
 */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('the loader never prints raw control characters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loader-terminal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('escapes them in a bad row: the CSV cell a duplicate names, and the API detail of a refused row (--dry-run, end to end)', async () => {
    const hostile = '\u001b[2J\u001b[H\u202EortneC\rClínica';
    writeFileSync(join(dir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
    writeFileSync(join(dir, 'centros.csv'), `nombre,direccion\n"${hostile}",Calle Mayor 1\n"${hostile}",Calle Mayor 2\n`);
    writeFileSync(join(dir, 'doctores.csv'), 'nombre,especialidad,username,password\n');
    writeFileSync(join(dir, 'pacientes.csv'), 'nombre,telefono,estado,username,password\n');
    const out = textSink();
    const err = textSink();
    const code = await main(['--dry-run', '--data', dir], {}, { out, err });
    assert.equal(code, 1);
    assert.match(err.text, /centros\.csv línea 2: VALIDACION/);
    // the CR became a line break inside the quoted cell, so the second row starts on line 4
    assert.match(err.text, /centros\.csv línea 4: CENTRO_DUPLICADO/);
    assert.doesNotMatch(out.text + err.text, RAW, JSON.stringify(err.text));
    assert.match(err.text, /\\u001b\[2J/, 'shown, not interpreted');
  });

  it('printable escapes control characters and bidi overrides, and keeps line breaks only in a message of several lines', () => {
    assert.equal(printable('a\u001b[31mb\rc\u202Ed\ne'), 'a\\u001b[31mb\\u000dc\\u202ed\\u000ae');
    assert.equal(printable('uno\ndos', { lines: true }), 'uno\ndos');
    assert.equal(printable('Clínica Ñandú 🦷 عيادة'), 'Clínica Ñandú 🦷 عيادة');
  });

  it('the reporter escapes a failure detail, on a terminal too, while drawing its own progress line', () => {
    const out = Object.assign(textSink(), { isTTY: true });
    const reporter = new ConsoleReporter(out, out);
    reporter.fileStarted('centros.csv', 1);
    reporter.rowFailed({ file: 'centros.csv', line: 2, code: 'VALIDACION', detail: 'El centro "\u001b]0;pwned\u0007" \u009b2J' });
    const withoutOwnEscapes = out.text.replaceAll('\r\u001b[2K', '');
    assert.doesNotMatch(withoutOwnEscapes, RAW, JSON.stringify(out.text));
  });
});
