import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aCenterInput, aDoctorInput, aPatientInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, aMedico, aPaciente, aSecretaria, anAdmin } from '../../builders/principals';

describe('the directory in one question (GET /admin/directorio)', () => {
  async function world() {
    const w = anAdminWorld();
    const doctor = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
    const center = await w.createCenter.execute(aCenterInput(), acting(anAdmin()));
    const mine = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    const other = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    return { w, doctor, center, mine, other };
  }

  it('answers each record asked for, and only those', async () => {
    const { w, doctor, center, mine } = await world();
    assert.deepEqual(await w.lookUpDirectory.execute({ idDoctor: doctor.id, idCentro: center.id, idPaciente: mine.id }, anAdmin()), { doctor, center, patient: mine });
    assert.deepEqual(await w.lookUpDirectory.execute({ idCentro: center.id }, aSecretaria()), { center });
  });

  it('a record that does not exist is null, not an error', async () => {
    const { w, doctor } = await world();
    assert.deepEqual(await w.lookUpDirectory.execute({ idDoctor: doctor.id, idCentro: 999, idPaciente: 999 }, aMedico(doctor.id)), { doctor, center: null, patient: null });
  });

  it("a patient sees their own ficha and gets null for another patient's, exactly as for a missing one", async () => {
    const { w, mine, other } = await world();
    assert.deepEqual(await w.lookUpDirectory.execute({ idPaciente: mine.id }, aPaciente(mine.id)), { patient: mine });
    assert.deepEqual(await w.lookUpDirectory.execute({ idPaciente: other.id }, aPaciente(mine.id)), { patient: null });
    assert.deepEqual(await w.lookUpDirectory.execute({ idPaciente: other.id }, aMedico(1)), { patient: other });
  });
});
