/**
 * A file a command reads, made a FIFO by the test: each process that opens
 * it to read waits there until the test gives it the content. The test
 * learns by an event, not by timing, that a process has reached the point
 * where it reads that file, and acts (a signal, a kill) while it is held
 * there. Real processes read it as they read any file (readFileSync).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface FifoFile {
  /** Stops serving readers (call once the processes that read it have ended); rejects with what `atEachRead` threw, if it did. */
  stop(): Promise<void>;
}

/**
 * Makes `path` a FIFO and serves `content` to every process that opens it:
 * calls `atEachRead(n)` (n from 1) once the n-th reader has opened it and
 * before it gets anything, then gives it the content, whole, and its end.
 * A reader ended meanwhile (the test killed it) gets nothing, and is no error.
 */
export function fifoFile(path: string, content: Buffer, atEachRead: (n: number) => Promise<void> | void): FifoFile {
  mkfifo(path);
  let stopped = false;
  const serving = (async () => {
    for (let n = 1; ; n++) {
      // Resolves once a process opens it to read.
      const writer = await open(path, 'w');
      try {
        if (stopped) return;
        // A new FIFO for the next reader: this one is open as long as its reader reads, and a writer opening it meanwhile
        // would be taken for the next reader and write to this one again. The reader keeps the one it opened.
        rmSync(path);
        mkfifo(path);
        await atEachRead(n);
        await writer.writeFile(content);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
      } finally {
        await writer.close();
      }
    }
  })();
  serving.catch(() => {}); // reported by stop()
  return {
    async stop() {
      stopped = true;
      // A reader of the test's own lets the open waiting for the next reader return.
      const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        await serving;
      } finally {
        closeSync(reader);
      }
    },
  };
}

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo: ${made.stderr}`);
}
