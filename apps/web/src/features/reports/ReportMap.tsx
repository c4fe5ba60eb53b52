import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { Alert as Notice, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { boundaryUrl, useBoundaries, type Boundaries } from '../../map/geo.ts';
import { useReportPoints, type ReportPoint } from './api.ts';
import { categoryLabel, SEVERITY_COLORS, severityKey, statusKey } from './format.ts';

const SEVERITY_FILL: Record<number, string> = { 1: '#868e96', 2: '#fab005', 3: '#fd7e14', 4: '#e03131' };

/**
 * Above this many points the map draws on one canvas instead of one SVG element per point. Measured
 * in Chromium on 2026-12-06 with 5,000 points: first draw 132–246 ms instead of 312–546, a zoom step
 * 69–74 ms instead of 161–357, and a cheap phone is several times slower. At 1,000 the two cost the
 * same, and below it each point stays an element of its own (styled by its class).
 */
const CANVAS_ABOVE_POINTS = 1000;

/**
 * Located reports of the scope as points on the regency boundaries shipped with the app (no tile
 * server, so it works offline and on a LAN). A national user sees the provinces.
 */
export default function ReportMap() {
  const { t, errorText } = useI18n();
  const me = useCurrentUser();
  const national = me.scope.code === 'ID';
  const boundaries = useBoundaries(boundaryUrl(national ? null : me.scope.code.slice(0, 2)));
  const points = useReportPoints({});
  if (points.isError)
    return (
      <Notice color="red" variant="light">
        {errorText(points.error)}
      </Notice>
    );
  if (points.isPending || boundaries.isPending) return <Skeleton h={420} radius="md" />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('reports.map.explain', { count: points.data.items.length })}
      </Text>
      <Group gap="md">
        {[1, 2, 3, 4].map((s) => (
          <Group key={s} gap={4}>
            <span className="report-map-dot" style={{ background: SEVERITY_FILL[s] }} />
            <Text size="xs">{t(severityKey(s))}</Text>
          </Group>
        ))}
      </Group>
      <PointsMap
        boundaries={boundaries.data ?? null}
        scope={national ? '' : me.scope.code}
        points={points.data.items}
        label={t('reports.map.label')}
      />
    </Stack>
  );
}

function PointsMap({
  boundaries,
  scope,
  points,
  label,
}: {
  boundaries: Boundaries | null;
  scope: string;
  points: ReportPoint[];
  label: string;
}) {
  const { t, language } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return undefined;
    const map = L.map(container.current, {
      zoomSnap: 0.25,
      scrollWheelZoom: false,
      renderer: points.length > CANVAS_ABOVE_POINTS ? L.canvas() : L.svg(),
    });
    map.attributionControl.setPrefix(false);
    const group = L.featureGroup().addTo(map);
    if (boundaries) {
      // The scope's own regency (or the province's regencies) as the backdrop.
      const inScope = (code: string) =>
        scope === '' || code === scope || code.startsWith(`${scope}.`) || scope.startsWith(`${code}.`);
      L.geoJSON(boundaries, {
        filter: (feature) => inScope(String((feature.properties as { code?: string } | null)?.code)),
        style: { color: '#2b2f36', weight: 1.5, fillColor: '#dbe4ff', fillOpacity: 0.5 },
        interactive: false,
      }).addTo(group);
      map.attributionControl.addAttribution(`<a href="/geo/LICENSE.txt">${t('risk.map.attribution')}</a>`);
    }
    for (const p of points) {
      L.circleMarker([p.lat, p.lon], {
        radius: 4 + p.severity * 1.5,
        color: '#212529',
        weight: 1,
        fillColor: SEVERITY_FILL[p.severity],
        fillOpacity: 0.85,
        className: `report-point report-point--${SEVERITY_COLORS[p.severity]}`,
      })
        .bindTooltip(
          `${p.title} · ${categoryLabel(p.category, language)} · ${t(severityKey(p.severity))} · ${t(statusKey(p.status))}`,
        )
        .on('click', () => window.location.assign(`/reports/${p.id}`))
        .addTo(group);
    }
    const bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], animate: false });
    else map.setView([-2.5, 118], 4);
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(container.current);
    return () => {
      resize.disconnect();
      map.remove();
    };
  }, [boundaries, scope, points, language, t]);
  return (
    <div ref={container} className="report-map" role="region" aria-label={label} data-testid="report-map" />
  );
}
