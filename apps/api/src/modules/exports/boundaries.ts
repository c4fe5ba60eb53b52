import fs from 'node:fs';
import path from 'node:path';

/**
 * Province and regency boundaries (the copy of shared/data/geo that the web app ships in apps/web/geo,
 * licence in its SOURCE.md), read once on first use and kept by code. Districts and villages have no
 * boundary file: their features carry a null geometry.
 */
const GEO_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../web/geo');

let byCode: Map<string, unknown> | undefined;

export function boundaryOf(code: string): unknown {
  if (!byCode) {
    byCode = new Map();
    for (const file of ['indonesia-provinces.geojson', 'indonesia-regencies.geojson']) {
      const full = path.join(GEO_DIR, file);
      if (!fs.existsSync(full)) continue;
      const collection = JSON.parse(fs.readFileSync(full, 'utf8')) as {
        features: Array<{ properties: { code: string }; geometry: unknown }>;
      };
      for (const feature of collection.features) byCode.set(feature.properties.code, feature.geometry);
    }
  }
  return byCode.get(code) ?? null;
}
