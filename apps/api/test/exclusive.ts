import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A lock file without a pid this long after it was made was left by a holder killed while making it. */
const UNWRITTEN_LOCK_MS = 10_000;

/**
 * A lock across test workers for suites that kill servers and databases with SIGKILL: two of them at
 * once on a 2-core machine starve each other's cold starts. The lock is a file created exclusively
 * (`wx`) that holds the holder's pid; a lock whose holder has died is taken over.
 *
 * Waiters only read the file. An earlier version kept the pid in a directory and read it with `a+`,
 * which created the file: a waiter reading while the holder removed the directory left an empty pid
 * file behind, the holder's removal failed, and every later waiter waited for a holder that did not
 * exist (seen in CI on 2026-12-06).
 */
export async function exclusive(name: string, timeoutMs = 900_000): Promise<() => void> {
  const file = path.join(os.tmpdir(), `sinergi-exclusive-${name}.pid`);
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        if (holderOf(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (abandoned(file)) fs.rmSync(file, { force: true });
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the ${name} lock`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function holderOf(file: string): { pid: number; ageMs: number } | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    return { pid: Number.isInteger(pid) ? pid : 0, ageMs: Date.now() - fs.statSync(file).mtimeMs };
  } catch {
    return undefined; // released meanwhile: the next try takes it
  }
}

function abandoned(file: string): boolean {
  const holder = holderOf(file);
  if (!holder) return false;
  if (holder.pid <= 0) return holder.ageMs > UNWRITTEN_LOCK_MS;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch {
    return true;
  }
}
