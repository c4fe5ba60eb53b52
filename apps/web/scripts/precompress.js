#!/usr/bin/env node
/**
 * Postbuild step of the web app: writes `<file>.br` and `<file>.gz` beside every text file of dist/
 * (scripts, styles, pages, boundaries), which the API serves as they are to browsers that accept
 * them (@fastify/static `preCompressed`). Compressing once at build time allows the strongest
 * settings, which would cost too much per request: a village phone on weak signal downloads the
 * app and the map's boundaries at a fraction of their size.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// The build's dist/, or the folder given (tests run it on a folder of their own).
const dist = path.resolve(
  process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist'),
);
const TEXT = new Set(['.js', '.css', '.html', '.json', '.svg', '.txt', '.webmanifest']);
// Below this a compressed copy saves less than a network packet.
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.has(path.extname(entry.name))) yield full;
  }
}

let raw = 0;
let brotli = 0;
let count = 0;
for (const file of files(dist)) {
  const content = fs.readFileSync(file);
  if (content.length < MIN_BYTES) continue;
  const br = zlib.brotliCompressSync(content, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: zlib.constants.Z_BEST_COMPRESSION }));
  raw += content.length;
  brotli += br.length;
  count += 1;
}
console.log(
  `precompress: ${count} files, ${Math.round(raw / 1024)} KB -> ${Math.round(brotli / 1024)} KB brotli`,
);
