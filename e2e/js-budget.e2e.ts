import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { REPO_ROOT } from './support/server.ts';

/**
 * The small pages carry little JavaScript for a village phone on a weak signal: at most 150 KB
 * gzipped for the field page (DESIGN, C3 intake), and the same for the public report page. Counted
 * from the web build (`npm run test:e2e` builds it first): everything a page may load — its entry,
 * the chunks it imports, those it may import later — by Vite's manifest (dist/.vite/manifest.json).
 */

const DIST = path.join(REPO_ROOT, 'apps', 'web', 'dist');
const BUDGET_BYTES = 150_000;

const PAGES: ReadonlyArray<{ page: string; also: string[] }> = [
  // The field page also installs its service worker (/sw.js).
  { page: 'field.html', also: ['src/offline/sw.ts'] },
  { page: 'lapor.html', also: [] },
];

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}

function readManifest(): Record<string, ManifestChunk> {
  const file = path.join(DIST, '.vite', 'manifest.json');
  assert.ok(fs.existsSync(file), `no ${file}: build the web app first (npm run build:web)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, ManifestChunk>;
}

/** The files of `entries` and of every chunk they import, now or later. */
function scriptsOf(manifest: Record<string, ManifestChunk>, entries: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    assert.ok(chunk, `the manifest has no chunk ${key}`);
    files.add(chunk.file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  for (const entry of entries) visit(entry);
  return files;
}

/** The scripts the built page names itself: its entry and the chunks it preloads. */
function scriptsInHtml(page: string): string[] {
  const html = fs.readFileSync(path.join(DIST, page), 'utf8');
  const tags = [
    ...html.matchAll(/<script[^>]*\bsrc="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="\/([^"]+)"/g),
  ];
  return tags.map((match) => match[1] ?? '');
}

const gzipBytes = (file: string) =>
  zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: zlib.constants.Z_BEST_COMPRESSION }).length;

for (const { page, also } of PAGES) {
  void test(`${page} loads at most ${BUDGET_BYTES / 1000} KB of JavaScript, gzipped`, (t) => {
    const scripts = scriptsOf(readManifest(), [page, ...also]);
    // The manifest speaks of the page as built: every script the page names is counted.
    const named = scriptsInHtml(page);
    assert.ok(named.length > 0, `${page} names no script`);
    for (const file of named) assert.ok(scripts.has(file), `${page} loads ${file}, which is not counted`);

    const sizes = [...scripts].map((file) => ({ file, gzip: gzipBytes(file) }));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    t.diagnostic(`${page}: ${total} bytes gzipped in ${sizes.map((s) => `${s.file} ${s.gzip}`).join(', ')}`);
    assert.ok(
      total <= BUDGET_BYTES,
      `${page} loads ${total} bytes of gzipped JavaScript, over the budget of ${BUDGET_BYTES}: ${JSON.stringify(sizes)}`,
    );
  });
}
