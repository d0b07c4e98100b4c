import { describe, it } from 'node:test';
import { checkBookingInvariants } from '../../contracts/booking-invariants';

describe('booking invariants under random operations (fast-check)', () => {
  it('never double-books a doctor or a patient, never exceeds the cap, and every change leaves one active cita of the pair', async () => {
    await checkBookingInvariants({ numRuns: 300 });
  });
});
