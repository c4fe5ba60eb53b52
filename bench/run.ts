import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createContext, type BenchContext } from './lib/context.ts';
import { killAll } from './lib/server.ts';

/**
 * `npm run bench [-- SECTION ...]`: runs every `bench/sections/*.ts` (or the named ones) in name order,
 * prints one JSON document to stdout and writes it to bench/output/results.json. A section exports
 * `async function run(ctx: BenchContext): Promise<Record<string, unknown>>`; see bench/README.md.
 */

type Section = (ctx: BenchContext) => Promise<Record<string, unknown>>;

const here = path.dirname(new URL(import.meta.url).pathname);
const sectionsDir = path.join(here, 'sections');
const outputFile = path.join(here, 'output', 'results.json');

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const available = fs
    .readdirSync(sectionsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length) {
    console.error(`Unknown bench section(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
    return 2;
  }
  const names = wanted.length ? available.filter((name) => wanted.includes(name)) : available;

  const results: Record<string, unknown> = {};
  let failed = false;
  for (const name of names) {
    const module = (await import(pathToFileURL(path.join(sectionsDir, `${name}.ts`)).href)) as {
      run?: Section;
    };
    if (typeof module.run !== 'function') throw new Error(`bench/sections/${name}.ts exports no run(ctx)`);
    const ctx = createContext(name);
    ctx.log('starting');
    const started = performance.now();
    try {
      const loadBefore = os.loadavg()[0] ?? 0;
      const result = await module.run(ctx);
      results[name] = {
        ...result,
        sectionSeconds: Math.round((performance.now() - started) / 100) / 10,
        // Other work on the machine skews every figure; the 1-minute load average says how much.
        loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
      };
    } catch (error) {
      failed = true;
      ctx.log(`failed: ${(error as Error).stack ?? String(error)}`);
      results[name] = { error: (error as Error).message };
    } finally {
      killAll();
    }
  }

  const report = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    database: process.env.DATABASE_URL ? 'server (DATABASE_URL)' : 'embedded',
    sections: results,
  };
  const json = JSON.stringify(report, null, 2);
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, `${json}\n`);
  console.log(json);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killAll();
    console.error(error);
    process.exit(1);
  },
);
