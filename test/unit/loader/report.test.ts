import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleReporter, formatSummary } from '../../../loader/report';
import { FakeLoaderClock } from '../../fakes/fake-loader-clock';

function output(isTTY: boolean) {
  const sink = { text: '', isTTY, write: (t: string) => (sink.text += t) };
  return sink;
}

function run(reporter: ConsoleReporter): void {
  reporter.started({ dataDir: '/datos', adminUrl: 'http://admin', citasUrl: 'http://citas', dryRun: false, concurrency: 4 });
  reporter.fileStarted('usuarios.csv', 3);
  reporter.rowDone('usuarios.csv', 1, 3);
  reporter.rowFailed({ file: 'usuarios.csv', line: 3, code: 'VALIDACION', detail: 'rol: no válido' });
  reporter.rowDone('usuarios.csv', 2, 3);
  reporter.rowDone('usuarios.csv', 3, 3);
  reporter.fileFinished({ file: 'usuarios.csv', rows: 3, created: 1, existing: 1, failed: 1 });
}

describe('loader report', () => {
  it('on a terminal, redraws one counter line per file and clears it before a problem or the file total', () => {
    const out = output(true);
    run(new ConsoleReporter(out, out));
    assert.match(out.text, /\r\x1b\[2Kusuarios\.csv {2}0\/3/);
    assert.match(out.text, /\r\x1b\[2Kusuarios\.csv {2}3\/3/);
    assert.match(out.text, /\r\x1b\[2K✗ usuarios\.csv línea 3: VALIDACION — rol: no válido\n/);
    assert.match(out.text, /\r\x1b\[2Kusuarios\.csv: 3 filas, 1 creadas, 1 ya existían, 1 fallidas\n$/);
  });

  it("on a terminal, redraws the counter at most every 50 ms of its clock, and always a file's first and last row", () => {
    const out = output(true);
    const clock = new FakeLoaderClock();
    const reporter = new ConsoleReporter(out, out, clock);
    reporter.fileStarted('pacientes.csv', 4);
    reporter.rowDone('pacientes.csv', 1, 4);
    clock.advance(50);
    reporter.rowDone('pacientes.csv', 2, 4);
    reporter.rowDone('pacientes.csv', 3, 4);
    reporter.rowDone('pacientes.csv', 4, 4);
    assert.deepEqual([...out.text.matchAll(/pacientes\.csv {2}(\d\/4)/g)].map((m) => m[1]), ['0/4', '2/4', '4/4']);
  });

  it('elsewhere (a pipe, CI), writes plain lines only: no counters, no escape codes', () => {
    const out = output(false);
    const err = output(false);
    run(new ConsoleReporter(out, err));
    assert.doesNotMatch(out.text, /\x1b|\r/);
    assert.equal(err.text, '✗ usuarios.csv línea 3: VALIDACION — rol: no válido\n');
    assert.equal(out.text, 'Cargando /datos en http://admin (4 peticiones en paralelo)\nusuarios.csv: 3 filas, 1 creadas, 1 ya existían, 1 fallidas\n');
  });

  it('sums the files in the summary table', () => {
    const table = formatSummary(
      [
        { file: 'usuarios.csv', rows: 8, created: 7, existing: 1, failed: 0 },
        { file: 'pacientes.csv', rows: 120, created: 118, existing: 0, failed: 2 },
      ],
      false,
    );
    assert.equal(
      table,
      ['archivo        creados  ya existían  fallidos', 'usuarios.csv         7            1         0', 'pacientes.csv      118            0         2', 'total              125            1         2'].join(
        '\n',
      ),
    );
  });
});
