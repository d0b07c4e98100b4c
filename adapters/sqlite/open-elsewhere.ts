import { readFileSync, statSync } from 'node:fs';

/**
 * Whether another process has an SQLite file open: in WAL mode every open
 * connection holds a POSIX read lock on its -shm file for as long as it is
 * open, idle or not, and Linux lists every lock in /proc/locks
 * ("1: POSIX ADVISORY READ <pid> <major:minor:inode> 128 128"). Undefined
 * where that cannot be known (no /proc/locks: not Linux; a process in another
 * container's pid namespace is not listed either), so a caller says "stop
 * the service first" instead of relying on it.
 */
export function openElsewhere(file: string): boolean | undefined {
  let locks: string;
  try {
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  const ids = [file, `${file}-shm`].flatMap((f) => {
    try {
      const s = statSync(f);
      return [deviceInode(s.dev, s.ino)];
    } catch {
      return []; // no -shm: nobody has it open in WAL mode
    }
  });
  return locks.split('\n').some((line) => {
    const [, kind, , , pid, id] = line.trim().split(/\s+/);
    return (kind === 'POSIX' || kind === 'OFDLCK') && Number(pid) !== process.pid && ids.includes(id);
  });
}

/** /proc/locks' "major:minor:inode", major and minor in two-digit hex (glibc's makedev split). */
function deviceInode(dev: number, ino: number): string {
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & 0xfff00);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `${hex(major)}:${hex(minor)}:${ino}`;
}
