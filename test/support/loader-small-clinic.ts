/**
 * The small clinic the loader's whole-run tests load against the fake admin
 * (loader-fake-admin.ts), and how they check that a run accounts for every
 * row it read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach } from 'node:test';
import { FakeAdmin } from './loader-fake-admin';

/**
 * Writes the four files into `dataDir`: the bootstrap admin, `centers`
 * (`nombre,direccion` lines), three doctors (bruno.sanz on doctores.csv
 * line 3) and two patients: 1 + centers + 3 + 2 rows.
 */
export function writeSmallClinic(dataDir: string, centers = ['Clínica Centro,Calle Mayor 1', 'Clínica Norte,Avenida del Norte 20']): void {
  writeFileSync(join(dataDir, 'usuarios.csv'), 'username,password,rol\nadmin,OdontoCare2026!,admin\n');
  writeFileSync(join(dataDir, 'centros.csv'), `nombre,direccion\n${centers.map((c) => `${c}\n`).join('')}`);
  writeFileSync(
    join(dataDir, 'doctores.csv'),
    'nombre,especialidad,username,password\n' +
      'Ana Ruiz Gil,Ortodoncia,ana.ruiz,Dientes-2026a\n' +
      'Bruno Sanz Vela,Endodoncia,bruno.sanz,Dientes-2026b\n' +
      'Carla Mora Díaz,Periodoncia,carla.mora,Dientes-2026c\n',
  );
  writeFileSync(
    join(dataDir, 'pacientes.csv'),
    'nombre,telefono,estado,username,password\nLuis Pérez,600123456,,luis.perez,Dientes-2026d\nEva Gil,600123457,,eva.gil,Dientes-2026e\n',
  );
}

/** The summary's total row, and the rows the closing error says were never sent: together, every row the run read. */
export function accountedRows(run: { out: string; err: string }): number {
  const total = /^total\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(run.out);
  assert.ok(total, `a summary with its total row:\n${run.out}`);
  const unsent = /(\d+) fila\(s\) sin enviar/.exec(run.err);
  return Number(total[1]) + Number(total[2]) + Number(total[3]) + (unsent ? Number(unsent[1]) : 0);
}

/** What each test of a suite gets afresh: its own fake admin, and the small clinic in its own folder. */
export interface SmallClinic {
  admin: FakeAdmin;
  dataDir: string;
}

/**
 * Called in a describe: before each of its tests a fresh fake admin and the
 * small clinic (`centers` as writeSmallClinic) in a fresh folder, in the
 * object given back; the last ones stopped and removed after the suite.
 */
export function smallClinicForEachTest(folder: string, centers?: string[]): SmallClinic {
  const clinic = {} as SmallClinic;
  beforeEach(async () => {
    await clinic.admin?.stop();
    clinic.admin = await new FakeAdmin().start();
    if (clinic.dataDir) rmSync(clinic.dataDir, { recursive: true, force: true });
    clinic.dataDir = mkdtempSync(join(tmpdir(), `odontocare-loader-${folder}-`));
    writeSmallClinic(clinic.dataDir, centers);
  });
  after(async () => {
    await clinic.admin?.stop();
    rmSync(clinic.dataDir, { recursive: true, force: true });
  });
  return clinic;
}
