import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { RiskLevel } from '@sinergi/shared';
import type { Boundaries } from './geo.ts';
import { LEVEL_STYLE } from './levels.tsx';
import './map.css';

/** The Kemendagri code a boundary feature carries (data/geo: properties.code). */
const codeOf = (feature: { properties?: unknown } | undefined): string => {
  const code = (feature?.properties as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
};

export interface ChoroplethValue {
  name: string;
  level: RiskLevel;
  score: number;
}

interface Props {
  boundaries: Boundaries;
  /** Only these codes are drawn (the children being ranked, or one region on its own). */
  values: Map<string, ChoroplethValue>;
  /** Click or Enter on a region; omitted: regions are not interactive. */
  onSelect?: (code: string) => void;
  /** Permanent score labels at each region's centre (readable in print and in grey). */
  labels?: boolean;
  /** Accessible name of the map; each region also gets one ("Batanghari: 62,1, tinggi"). */
  label: string;
  describe: (code: string, value: ChoroplethValue) => string;
  formatScore: (score: number) => string;
  attribution: string;
}

/**
 * A choropleth on Leaflet with no tile layer: only the boundary files shipped with the app, so it
 * works offline and on a LAN. Regions are filled with their level's pattern (see levels.tsx), can be
 * reached by keyboard, and fit the view whenever the regions change.
 */
export function ChoroplethMap({
  boundaries,
  values,
  onSelect,
  labels,
  label,
  describe,
  formatScore,
  attribution,
}: Props) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.GeoJSON | null>(null);
  // The latest callbacks, so the Leaflet layer need not be rebuilt when a parent re-renders.
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;

  useEffect(() => {
    if (!container.current) return undefined;
    const map = L.map(container.current, {
      zoomSnap: 0.25,
      scrollWheelZoom: false,
      attributionControl: true,
      renderer: L.svg({ padding: 0.3 }),
    });
    map.attributionControl.setPrefix(false);
    mapRef.current = map;
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(container.current);
    return () => {
      resize.disconnect();
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return undefined;
    map.attributionControl.addAttribution(attribution);
    return () => {
      map.attributionControl.removeAttribution(attribution);
    };
  }, [attribution]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    layerRef.current?.remove();
    const interactive = onSelect !== undefined;
    const layer = L.geoJSON(boundaries, {
      filter: (feature) => values.has(codeOf(feature)),
      style: (feature) => {
        const value = values.get(codeOf(feature));
        const level = value?.level ?? 'low';
        return {
          fillColor: `url(#${LEVEL_STYLE[level].pattern})`,
          fillOpacity: 1,
          color: '#2b2f36',
          weight: 1,
          opacity: 0.9,
          className: `risk-region risk-region--${level}`,
          interactive,
        };
      },
      onEachFeature: (feature, featureLayer) => {
        const code = codeOf(feature);
        const value = values.get(code);
        if (!value) return;
        const path = featureLayer as L.Path;
        path.on('add', () => {
          const element = path.getElement();
          if (!element) return;
          element.setAttribute('data-code', code);
          element.setAttribute('aria-label', describe(code, value));
          if (interactive) {
            element.setAttribute('role', 'button');
            element.setAttribute('tabindex', '0');
            element.addEventListener('keydown', (event) => {
              if ((event as KeyboardEvent).key === 'Enter') selectRef.current?.(code);
            });
          }
        });
        if (interactive) path.on('click', () => selectRef.current?.(code));
      },
    });
    layer.addTo(map);
    layerRef.current = layer;
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], animate: false });
    // Score labels where a region is big enough on screen to hold one; small ones (a kota inside its
    // kabupaten) name themselves on hover instead of covering their neighbours' labels.
    layer.eachLayer((featureLayer) => {
      const polygon = featureLayer as L.Polygon;
      const code = String(
        (polygon.feature as { properties?: { code?: unknown } } | undefined)?.properties?.code,
      );
      const value = values.get(code);
      if (!value) return;
      const box = polygon.getBounds();
      const nw = map.latLngToLayerPoint(box.getNorthWest());
      const se = map.latLngToLayerPoint(box.getSouthEast());
      const roomy = se.x - nw.x >= 40 && se.y - nw.y >= 22;
      if (labels && roomy) {
        polygon.bindTooltip(formatScore(value.score), {
          permanent: true,
          direction: 'center',
          className: `risk-map-label risk-map-label--${value.level}`,
        });
      } else {
        polygon.bindTooltip(`${value.name}: ${formatScore(value.score)}`, { sticky: true });
      }
    });
    // Callbacks are read through refs; `values` carries what changes between drawings.
  }, [boundaries, values, labels]);

  return <div ref={container} className="risk-map" role="region" aria-label={label} data-testid="risk-map" />;
}
