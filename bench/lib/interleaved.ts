import type { LoadResult } from './load';

/** One round: the floor's rate (and CPU per unit) and the scenario's run, measured back to back. */
export interface Round {
  floor: { perSecond: number; cpuMsPerUnit?: number };
  result: LoadResult;
}

export interface Interleaved {
  /** The scenario's rounds merged: requests and time summed, p50/p99 the median round's. */
  result: LoadResult;
  /** The floor's mean rate over the rounds (for the table), and its CPU per unit. */
  floor: { perSecond: number; cpuMsPerUnit?: number };
  /** req/s over the floor's rate, round by round, in the order run. */
  ratios: number[];
  /** The verdict: the median of `ratios`. */
  ratio: number;
  /** Floor CPU per unit over the scenario's CPU per request, median of the rounds. */
  cpuRatio: number;
}

export const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * A scenario and its floor in alternating short rounds, judged by the median
 * of the per-round ratios. On this shared 2-core machine a floor measured
 * once before a 6 s run moved the verdict by ±10 points for the same code
 * (the read: 47, 58 and 66 % of its floor in three runs in a row): the load
 * of other jobs changes between the floor and the run. Rounds a few seconds
 * apart see the same load, and the median drops the rounds a burst spoiled.
 */
export async function interleaved(rounds: number, round: () => Promise<Round>): Promise<Interleaved> {
  const done: Round[] = [];
  for (let i = 0; i < rounds; i++) done.push(await round());
  const results = done.map((r) => r.result);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const durationS = results.reduce((n, r) => n + (r.reqPerSec > 0 ? r.requests / r.reqPerSec : r.durationS), 0);
  const cpuMs = results.reduce((n, r) => n + (r.cpuMsPerRequest ?? Number.NaN) * r.requests, 0);
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const ratios = done.map((r) => r.result.reqPerSec / r.floor.perSecond);
  return {
    result: {
      scenario: results[0].scenario,
      requests,
      durationS: Math.round(durationS * 10) / 10,
      reqPerSec: requests / durationS,
      p50Ms: median(results.map((r) => r.p50Ms)),
      p99Ms: median(results.map((r) => r.p99Ms)),
      errors: results.reduce((n, r) => n + r.errors, 0),
      cpuMsPerRequest: requests > 0 ? cpuMs / requests : undefined,
      statuses,
    },
    floor: {
      perSecond: done.reduce((n, r) => n + r.floor.perSecond, 0) / done.length,
      cpuMsPerUnit: median(done.map((r) => r.floor.cpuMsPerUnit ?? Number.NaN)),
    },
    ratios,
    ratio: median(ratios),
    cpuRatio: median(done.map((r) => (r.floor.cpuMsPerUnit ?? Number.NaN) / (r.result.cpuMsPerRequest ?? Number.NaN))),
  };
}
