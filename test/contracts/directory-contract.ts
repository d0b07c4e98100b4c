import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller, Directory } from '../../core/ports/directory';

/**
 * What every Directory must do, run against the in-memory fake and against
 * HttpDirectory talking to a real admin service, so the fake the use-case
 * tests rely on cannot drift from the adapter production uses.
 */
export interface DirectoryFixture {
  directory: Directory;
  /** Someone allowed to read every record (an admin). */
  caller: Caller;
  addDoctor(d: { nombre: string; especialidad: string; activo: boolean }): Promise<number>;
  addPatient(p: { nombre: string; estado: 'ACTIVO' | 'INACTIVO' }): Promise<number>;
  addCenter(c: { nombre: string; activo: boolean }): Promise<number>;
  close(): Promise<void>;
}

/** An id no fixture ever hands out. */
const MISSING_ID = 987_654;

export function directoryContract(name: string, makeFixture: () => Promise<DirectoryFixture>): void {
  describe(`Directory contract: ${name}`, () => {
    let f: DirectoryFixture;
    before(async () => {
      f = await makeFixture();
    });
    after(async () => {
      await f?.close();
    });

    it('reports an existing doctor with its name, specialty and whether it is active', async () => {
      const id = await f.addDoctor({ nombre: 'Dra. Elena Soto', especialidad: 'Endodoncia', activo: true });
      assert.deepEqual((await f.directory.lookUp({ idDoctor: id }, f.caller)).doctor, { id, nombre: 'Dra. Elena Soto', especialidad: 'Endodoncia', activo: true });
    });

    it('reports an inactive doctor as inactive, not as absent', async () => {
      const id = await f.addDoctor({ nombre: 'Dr. Pablo Gil', especialidad: 'Endodoncia', activo: false });
      assert.equal((await f.directory.lookUp({ idDoctor: id }, f.caller)).doctor?.activo, false);
    });

    it('reports patients with their estado', async () => {
      const activo = await f.addPatient({ nombre: 'Marta Díaz', estado: 'ACTIVO' });
      const inactivo = await f.addPatient({ nombre: 'Jorge León', estado: 'INACTIVO' });
      assert.deepEqual((await f.directory.lookUp({ idPaciente: activo }, f.caller)).patient, { id: activo, nombre: 'Marta Díaz', estado: 'ACTIVO' });
      assert.equal((await f.directory.lookUp({ idPaciente: inactivo }, f.caller)).patient?.estado, 'INACTIVO');
    });

    it('reports centers and whether they are active', async () => {
      const open = await f.addCenter({ nombre: 'Clínica Norte', activo: true });
      const closed = await f.addCenter({ nombre: 'Clínica Sur', activo: false });
      assert.deepEqual((await f.directory.lookUp({ idCentro: open }, f.caller)).center, { id: open, nombre: 'Clínica Norte', activo: true });
      assert.equal((await f.directory.lookUp({ idCentro: closed }, f.caller)).center?.activo, false);
    });

    it('answers undefined for ids that do not exist (never an error)', async () => {
      assert.equal((await f.directory.lookUp({ idDoctor: MISSING_ID }, f.caller)).doctor, undefined);
      assert.equal((await f.directory.lookUp({ idPaciente: MISSING_ID }, f.caller)).patient, undefined);
      assert.equal((await f.directory.lookUp({ idCentro: MISSING_ID }, f.caller)).center, undefined);
    });

    it('answers a doctor, a center and a patient in one lookup, each as it is', async () => {
      const doctor = await f.addDoctor({ nombre: 'Dra. Lucía Prat', especialidad: 'Ortodoncia', activo: true });
      const center = await f.addCenter({ nombre: 'Clínica Este', activo: false });
      const patient = await f.addPatient({ nombre: 'Iván Ros', estado: 'ACTIVO' });
      assert.deepEqual(await f.directory.lookUp({ idDoctor: doctor, idCentro: center, idPaciente: patient }, f.caller), {
        doctor: { id: doctor, nombre: 'Dra. Lucía Prat', especialidad: 'Ortodoncia', activo: true },
        center: { id: center, nombre: 'Clínica Este', activo: false },
        patient: { id: patient, nombre: 'Iván Ros', estado: 'ACTIVO' },
      });
    });

    it('in one lookup, a missing record is undefined and the others are still answered', async () => {
      const doctor = await f.addDoctor({ nombre: 'Dr. Óscar Gil', especialidad: 'Ortodoncia', activo: true });
      const found = await f.directory.lookUp({ idDoctor: doctor, idCentro: MISSING_ID, idPaciente: MISSING_ID }, f.caller);
      assert.equal(found.doctor?.id, doctor);
      assert.equal(found.center, undefined);
      assert.equal(found.patient, undefined);
    });

    it('answers nothing when nothing is named', async () => {
      assert.deepEqual(await f.directory.lookUp({}, f.caller), {});
    });

    it('lists only the active doctors of exactly that specialty', async () => {
      const a = await f.addDoctor({ nombre: 'Dra. Irene Vidal', especialidad: 'Periodoncia', activo: true });
      const b = await f.addDoctor({ nombre: 'Dr. Raúl Mora', especialidad: 'Periodoncia', activo: true });
      await f.addDoctor({ nombre: 'Dr. Saúl Rey', especialidad: 'Periodoncia', activo: false });
      await f.addDoctor({ nombre: 'Dra. Nuria Sanz', especialidad: 'Implantología', activo: true });
      const found = await f.directory.doctorsBySpecialty('Periodoncia', f.caller);
      assert.deepEqual(found.map((d) => d.id).sort((x, y) => x - y), [a, b].sort((x, y) => x - y));
      assert.ok(found.every((d) => d.activo && d.especialidad === 'Periodoncia'));
      assert.deepEqual(await f.directory.doctorsBySpecialty('Cirugía maxilofacial', f.caller), []);
    });

    it('lists the doctors of a specialty asked in any case, with or without its accents', async () => {
      const id = await f.addDoctor({ nombre: 'Dra. Marta Gil', especialidad: 'Odontopediatría', activo: true });
      await f.addDoctor({ nombre: 'Dr. Iván Sáez', especialidad: 'Odontología general', activo: true });
      for (const asked of ['ODONTOPEDIATRÍA', 'odontopediatria', 'Odontopediatría']) {
        const found = await f.directory.doctorsBySpecialty(asked, f.caller);
        assert.deepEqual(found.map((d) => d.id), [id], asked);
        assert.equal(found[0].especialidad, 'Odontopediatría', 'as the directory stores it');
      }
      assert.deepEqual(await f.directory.doctorsBySpecialty('Odontopediatr', f.caller), [], 'the whole specialty, not a part');
    });
  });
}
