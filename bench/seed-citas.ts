export interface SeededCitas {
  /** Clinic days (YYYY-MM-DD) that hold seeded citas, for GET /citas?fecha=. */
  days: string[];
  /** An instant (ms) after every seeded cita: bookings start here. */
  firstFreeInstant: number;
}

export function seedCitas(_build: string, _file: string, _rows: number): SeededCitas {
  throw new Error('citas schema not available yet');
}
