#!/usr/bin/env node
/**
 * Prebuild step of the web app: copies the boundary files (data/geo, see its SOURCE.md) into the
 * app's static files as the map needs them, so the map works with no tile server and no internet:
 *
 *   public/geo/provinces.json         the 38 provinces, simplified for the national view (~2 km)
 *   public/geo/regencies/<NN>.json    the regencies of one province (~100 m), loaded on drill-down
 *   public/geo/LICENSE.txt            the MIT notice that must travel with the data
 *
 * The source folder is SINERGI_GEO_DIR, else apps/web/geo (the shipped copy of shared/data/geo,
 * licence in its SOURCE.md), else the first of <repo>/../shared/data/geo and /work/shared/data/geo. Without one, the map shows a notice and the tables still work.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const webRoot = path.resolve(here, '..', '..');
const repoRoot = path.resolve(webRoot, '..', '..');
const outDir = path.join(webRoot, 'public', 'geo');

const candidates = [
  process.env.SINERGI_GEO_DIR,
  path.join(webRoot, 'geo'),
  path.join(repoRoot, '..', 'shared', 'data', 'geo'),
  '/work/shared/data/geo',
].filter(Boolean);
const sourceDir = candidates.find((dir) => fs.existsSync(path.join(dir, 'indonesia-provinces.geojson')));

/** Squared distance of p from the segment a–b (planar degrees suffice at these tolerances). */
function segmentDistance2(p, a, b) {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on one ring, keeping its closing point. */
function simplifyRing(ring, tolerance) {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const stack = [[0, ring.length - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let index = -1;
    let max = tol2;
    for (let i = first + 1; i < last; i += 1) {
      const d = segmentDistance2(ring[i], ring[first], ring[last]);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return ring.filter((_, i) => keep[i]);
}

function ringArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    sum += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(sum / 2);
}

const round = (value, decimals) => Number(value.toFixed(decimals));

/**
 * Simplifies a feature's polygons: each ring by Douglas–Peucker, coordinates rounded, and islands
 * smaller than `minArea` (deg²) dropped unless they are all the feature has.
 */
function simplifyGeometry(geometry, { tolerance, decimals, minArea }) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const ranked = polygons
    .map((rings) => ({ rings, area: ringArea(rings[0]) }))
    .sort((a, b) => b.area - a.area);
  const kept = ranked.filter((p, i) => i === 0 || p.area >= minArea);
  const out = kept
    .map(({ rings }) =>
      rings
        .map((ring) =>
          simplifyRing(ring, tolerance).map(([x, y]) => [round(x, decimals), round(y, decimals)]),
        )
        .filter((ring, i) => ring.length >= 4 && (i === 0 || ringArea(ring) >= minArea / 4)),
    )
    .filter((rings) => rings.length > 0);
  return out.length === 1
    ? { type: 'Polygon', coordinates: out[0] }
    : { type: 'MultiPolygon', coordinates: out };
}

function collection(features) {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'regencies'), { recursive: true });
  // Generated from data/geo at every build: not part of the repository.
  fs.writeFileSync(path.join(outDir, '.gitignore'), '*\n');
  if (!sourceDir) {
    console.warn(`[geo] no boundary files found (looked in ${candidates.join(', ')}); the map will be empty`);
    fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify({ available: false, provinces: [] }));
    return;
  }
  const read = (name) => JSON.parse(fs.readFileSync(path.join(sourceDir, name), 'utf8'));
  const provinces = read('indonesia-provinces.geojson').features;
  const regencies = read('indonesia-regencies.geojson').features;

  const national = provinces.map((f) => ({
    type: 'Feature',
    properties: { code: f.properties.code, name: f.properties.name },
    geometry: simplifyGeometry(f.geometry, { tolerance: 0.02, decimals: 3, minArea: 0.004 }),
  }));
  fs.writeFileSync(path.join(outDir, 'provinces.json'), collection(national));

  const byProvince = new Map();
  for (const f of regencies) {
    const province = f.properties.code.slice(0, 2);
    const simplified = {
      type: 'Feature',
      properties: { code: f.properties.code, name: f.properties.name },
      geometry: simplifyGeometry(f.geometry, { tolerance: 0.0015, decimals: 4, minArea: 0.00005 }),
    };
    byProvince.set(province, [...(byProvince.get(province) ?? []), simplified]);
  }
  for (const [province, features] of byProvince) {
    fs.writeFileSync(path.join(outDir, 'regencies', `${province}.json`), collection(features));
  }

  const licence = fs.readFileSync(path.join(sourceDir, 'SOURCE.md'), 'utf8');
  const mit = licence.slice(
    licence.indexOf('### Licence and attribution'),
    licence.indexOf('### Other candidates'),
  );
  fs.writeFileSync(path.join(outDir, 'LICENSE.txt'), `${mit.trim()}\n`);
  const sha = crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(sourceDir, 'indonesia-regencies.geojson')))
    .digest('hex');
  fs.writeFileSync(
    path.join(outDir, 'index.json'),
    JSON.stringify({ available: true, provinces: [...byProvince.keys()].sort(), source: sha.slice(0, 16) }),
  );
  const size = (file) => fs.statSync(path.join(outDir, file)).size;
  const largest = [...byProvince.keys()].map((p) => size(`regencies/${p}.json`)).sort((a, b) => b - a)[0];
  console.log(
    `[geo] ${national.length} provinces (${Math.round(size('provinces.json') / 1024)} KB), ` +
      `${regencies.length} regencies in ${byProvince.size} files (largest ${Math.round(largest / 1024)} KB) from ${sourceDir}`,
  );
}

main();
