/**
 * What every browser suite of the front desk sets up, called in its
 * describe: the desk running (startFrontDesk), real Chromium, the next
 * weekday by the desk's clock, and the center, doctor and patient the suite
 * names, created in that order; all of it closed when the suite ends.
 *
 *   const fd = frontDeskSuite({ center: 'Clínica Roles', patient: 'Luis Roles' });
 *   it('…', async () => { const ctx = await newContext(fd.browser); … fd.web.url … fd.center.id … });
 *
 * What only one suite needs (a secretaria, more doctors, a cita on the day)
 * stays in that suite's own before(), which runs after this one.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { clinicDateOf, DEFAULT_CLINIC_TIME_ZONE } from '../../core/domain/clinic-time';
import type { FixedClock } from '../fakes/fixed-clock';
import { launchChromium } from './browser';
import type { CenterRecord, DoctorAccount, PatientAccount, TestSystem } from './citas';
import { nextWeekday } from './clinic-days';
import { type FrontDesk, type FrontDeskOptions, startFrontDesk, type TestWeb } from './web';

export interface FrontDeskSuiteOptions {
  /** How the three services are started: startFrontDesk's options (a service's environment, a relay in front of citas...). */
  desk?: FrontDeskOptions;
  /** The name of a center to create. */
  center?: string;
  /** A doctor to create, after the center. */
  doctor?: { nombre: string; especialidad: string };
  /** The name of a patient to create, after the doctor. */
  patient?: string;
}

/** A running front desk as a suite's tests use it; each part there once the suite's before() ran. */
export interface FrontDeskSuite {
  readonly sys: TestSystem;
  readonly web: TestWeb;
  readonly clock: FixedClock;
  readonly browser: Browser;
  /** The first Monday-to-Friday after today in the clinic, by the desk's clock when it started. */
  readonly day: string;
  readonly center: CenterRecord;
  readonly doctor: DoctorAccount;
  readonly patient: PatientAccount;
}

export function frontDeskSuite(options: FrontDeskSuiteOptions = {}): FrontDeskSuite {
  let fd: FrontDesk | undefined;
  let browser: Browser | undefined;
  let day: string | undefined;
  let center: CenterRecord | undefined;
  let doctor: DoctorAccount | undefined;
  let patient: PatientAccount | undefined;

  before(async () => {
    fd = await startFrontDesk(options.desk);
    browser = await launchChromium();
    day = nextWeekday(clinicDateOf(fd.clock.now(), DEFAULT_CLINIC_TIME_ZONE));
    if (options.center) center = await fd.sys.createCenter({ nombre: options.center });
    if (options.doctor) doctor = await fd.sys.createDoctor(options.doctor);
    if (options.patient) patient = await fd.sys.createPatient({ nombre: options.patient });
  });

  after(async () => {
    await browser?.close();
    await fd?.close();
  });

  // A part read before before() ran, or one the suite did not name, is a mistake in the suite: say which.
  function made<T>(what: string, value: T | undefined, option?: keyof FrontDeskSuiteOptions): T {
    if (value !== undefined) return value;
    if (fd && option) throw new Error(`frontDeskSuite: this suite made no ${what} (its option "${option}")`);
    throw new Error(`frontDeskSuite: ${what} read before the suite's before() ran`);
  }

  return {
    get sys() {
      return made('front desk', fd).sys;
    },
    get web() {
      return made('front desk', fd).web;
    },
    get clock() {
      return made('front desk', fd).clock;
    },
    get browser() {
      return made('browser', browser);
    },
    get day() {
      return made('day', day);
    },
    get center() {
      return made('center', center, 'center');
    },
    get doctor() {
      return made('doctor', doctor, 'doctor');
    },
    get patient() {
      return made('patient', patient, 'patient');
    },
  };
}

/**
 * A cita of the suite's patient with its doctor at its center, at `hhmm` of
 * its day, booked by the admin through the API (Programada): its id.
 */
export async function suiteCita(fd: FrontDeskSuite, hhmm: string, motivo: string): Promise<number> {
  const res = await fd.sys.citas.post(
    '/citas',
    { fecha: `${fd.day}T${hhmm}:00`, motivo, id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id },
    fd.sys.adminToken,
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id_cita as number;
}
