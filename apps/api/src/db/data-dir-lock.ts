import fs from 'node:fs';
import path from 'node:path';

/** Raised when another live Sinergi process owns the data dir; the start stops with this message. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The data directory ${dataDir} is in use by another running Sinergi process (pid ${pid}). ` +
        `Stop that process first, or set SINERGI_DATA_DIR to another directory. / ` +
        `Direktori data sedang dipakai proses Sinergi lain (pid ${pid}).`,
    );
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A pid recorded by an earlier Sinergi run is only "ours" while it is still a node process. */
function isLiveSinergiProcess(pid: number): boolean {
  if (pid === process.pid || !isProcessAlive(pid)) return false;
  const cmd = commandLineOf(pid);
  return cmd === '' ? true : /node|tsx/.test(cmd);
}

/**
 * An exclusive claim on the data dir, held for the life of the process. A stale claim left by a
 * process killed with SIGKILL is recognised (its pid is gone) and taken over.
 */
export function claimDataDir(dataDir: string): { release: () => void } {
  const lockFile = path.join(dataDir, 'sinergi.pid');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return {
        release: () => {
          try {
            if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && isLiveSinergiProcess(holder))
        throw new DataDirInUseError(dataDir, holder);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not claim the data directory ${dataDir}`);
}
