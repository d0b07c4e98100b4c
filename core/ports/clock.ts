/** Time is a port so scheduling rules can be tested around midnight and DST. */
export interface Clock {
  now(): Date;
}
