import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A lock across test workers for suites that kill servers and databases with SIGKILL: two of them at
 * once on a 2-core machine starve each other's cold starts. `mkdir` is atomic; a lock whose holder
 * has died (its pid is gone) is taken over.
 */
export async function exclusive(name: string, timeoutMs = 900_000): Promise<() => void> {
  const dir = path.join(os.tmpdir(), `sinergi-exclusive-${name}`);
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      const holder = Number(fs.readFileSync(path.join(dir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive = holder > 0;
      try {
        if (holder > 0) process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (!alive && holder > 0) fs.rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the ${name} lock`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
