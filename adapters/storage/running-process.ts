import { readFileSync } from 'node:fs';

/**
 * A process as a lock file records its owner, and whether that process is
 * still the one running. The pid alone is not enough: after a crash and a
 * reboot (or a container restart) the same pid may be some other program,
 * and a lock naming it would be held for ever. On Linux the boot id and the
 * process's start time since boot (/proc/<pid>/stat, field 22) tell the
 * owner apart from a later process given its pid; elsewhere only the pid is
 * known.
 */
export interface ProcessMark {
  pid: number;
  /** "<boot id>/<start time>", where /proc says it; absent elsewhere. */
  incarnation?: string;
}

export function markOf(pid: number): ProcessMark {
  const incarnation = incarnationOf(pid);
  return incarnation === undefined ? { pid } : { pid, incarnation };
}

export function isRunning(mark: ProcessMark): boolean {
  try {
    process.kill(mark.pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (mark.incarnation === undefined) return true;
  const now = incarnationOf(mark.pid);
  return now === undefined || now === mark.incarnation;
}

function incarnationOf(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ")"; field 22 is the 20th after it.
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTime === undefined ? undefined : `${boot}/${startTime}`;
  } catch {
    return undefined;
  }
}
