import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import type { LoadResult } from './load';

/** What a row is judged against, measured in the same run right before it. */
export interface Floor {
  /** e.g. "booking floor", "raw read", "raw Argon2id" */
  label: string;
  reqPerSec: number;
  cpuMsPerRequest?: number;
}

export interface Row {
  scenario: string;
  result?: LoadResult;
  /** The row's own floor (its req/s ratio is `ratio`). */
  floor?: Floor;
  /** The raw read measured right before this row: the common yardstick, kept for every HTTP row. */
  rawRead?: Floor;
  /** req/s of this row divided by its floor's. */
  ratio?: number;
  target: string;
  pass: boolean;
  note?: string;
}

export function describeMachine(): string[] {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return [
    `cores (nproc): ${cpus().length}`,
    `CPU: ${model}`,
    `RAM: ${gb(totalmem())} (free at start ${gb(freemem())})`,
    `node: ${process.version}, ${process.platform} ${process.arch}`,
    `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ];
}

const fmt = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

export function table(rows: Row[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'floor (req/s)', '% of floor', '% of raw read (its req/s)', 'CPU ms/req', 'CPU vs floor', 'target', 'result'];
  const lines = rows.map((r) => [
    r.scenario,
    fmt(r.result?.reqPerSec, 0),
    fmt(r.result?.p50Ms, 2),
    fmt(r.result?.p99Ms, 2),
    r.result ? String(r.result.errors) : '-',
    r.floor ? `${r.floor.label} (${r.floor.reqPerSec.toFixed(r.floor.reqPerSec < 1000 ? 1 : 0)})` : '-',
    r.ratio === undefined ? '-' : pct(r.ratio),
    r.rawRead && r.result ? `${pct(r.result.reqPerSec / r.rawRead.reqPerSec)} (${r.rawRead.reqPerSec.toFixed(0)})` : '-',
    fmt(r.result?.cpuMsPerRequest, 3),
    cpuRatio(r),
    r.target,
    (r.pass ? 'PASS' : 'MISS') + (r.note ? ` (${r.note})` : ''),
  ]);
  return markdownTable(header, lines);
}

/** The floor's CPU per request over this row's: the req/s ratio the two would reach on a machine of their own. */
function cpuRatio(r: Row): string {
  const mine = r.result?.cpuMsPerRequest;
  const floor = r.floor?.cpuMsPerRequest;
  if (!mine || !floor) return '-';
  return pct(floor / mine);
}

export function markdownTable(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

export function statusSummary(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
}
