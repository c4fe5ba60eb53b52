import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { withQuery } from '../../api/client.ts';
import { useI18n, type UiKey } from '../../i18n/index.tsx';
import {
  isAbortError,
  saveFile,
  streamExport,
  type DownloadedFile,
  type DownloadProgress,
  type StreamOptions,
} from './download.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

/** One kind of data export (docs/exports.md); `id` is the route's file stem. */
export interface ExportKind {
  id: 'reports' | 'acled' | 'risk' | 'follow-ups' | 'pledges' | 'regions';
  title: UiKey;
  description: UiKey;
  formats: readonly ExportFormat[];
  /** Takes the report filters (dates, status, category) besides the region. */
  reportFilters: boolean;
  /** File name stem when the server names none (it does: content-disposition). */
  fileStem: string;
  /** Formats the owning module serves itself (its route, not /api/v1/exports/…), with their path. */
  modulePaths?: Partial<Record<ExportFormat, string>>;
}

export const EXPORT_KINDS: readonly ExportKind[] = [
  {
    id: 'reports',
    title: 'exports.kind.reports',
    description: 'exports.kind.reports.description',
    formats: ['csv', 'xlsx'],
    reportFilters: true,
    fileStem: 'laporan',
  },
  {
    id: 'acled',
    title: 'exports.kind.acled',
    description: 'exports.kind.acled.description',
    formats: ['csv'],
    reportFilters: true,
    fileStem: 'acled',
  },
  {
    id: 'risk',
    title: 'exports.kind.risk',
    description: 'exports.kind.risk.description',
    formats: ['csv', 'xlsx'],
    reportFilters: false,
    fileStem: 'kerawanan',
  },
  {
    id: 'follow-ups',
    title: 'exports.kind.followUps',
    description: 'exports.kind.followUps.description',
    formats: ['csv', 'xlsx'],
    reportFilters: false,
    fileStem: 'tindak-lanjut',
    modulePaths: { xlsx: '/api/v1/follow-ups.xlsx' },
  },
  {
    id: 'pledges',
    title: 'exports.kind.pledges',
    description: 'exports.kind.pledges.description',
    formats: ['csv', 'xlsx'],
    reportFilters: false,
    fileStem: 'fakta-integritas',
    modulePaths: { xlsx: '/api/v1/pledge-campaigns/rollup.xlsx' },
  },
  {
    id: 'regions',
    title: 'exports.kind.regions',
    description: 'exports.kind.regions.description',
    formats: ['geojson'],
    reportFilters: false,
    fileStem: 'wilayah',
  },
];

export const FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX', geojson: 'GeoJSON' };

/** What the page's filters ask for; empty values are left out of the URL. */
export interface ExportQuery {
  /** Kemendagri code; omitted: the caller's scope. */
  region?: string;
  from?: string;
  to?: string;
  status?: string;
  category?: string;
}

/**
 * GET /api/v1/exports/<kind>.<format> (or the owning module's route for that format), with the report
 * filters only where the route takes them.
 */
export function exportUrl(kind: ExportKind, format: ExportFormat, query: ExportQuery): string {
  const params = kind.reportFilters ? { ...query } : { region: query.region };
  return withQuery(kind.modulePaths?.[format] ?? `/api/v1/exports/${kind.id}.${format}`, params);
}

export type DownloadState =
  | { phase: 'idle' }
  | { phase: 'running'; format: ExportFormat; progress: DownloadProgress | null }
  | { phase: 'done'; format: ExportFormat; file: Omit<DownloadedFile, 'blob'> }
  | { phase: 'cancelled'; format: ExportFormat }
  | { phase: 'failed'; format: ExportFormat; error: unknown };

/** How often the progress is drawn at most while chunks pour in. */
const REDRAW_MS = 100;

type StreamRequest = Omit<StreamOptions, 'language'> & { url: string };

/**
 * One streamed download at a time with its progress, a cancel, and the file handed to the browser
 * at the end. Runs as a mutation so that an `auth.required` answer signs the user out like
 * anywhere else in the app. Leaving the page cancels a download still running.
 */
export function useExportDownload() {
  const { language } = useI18n();
  const [state, setState] = useState<DownloadState>({ phase: 'idle' });
  const current = useRef<AbortController | null>(null);
  const { mutateAsync } = useMutation({
    mutationFn: ({ url, ...options }: StreamRequest) => streamExport(url, { ...options, language }),
  });

  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback(
    async (url: string, format: ExportFormat, fallbackName: string) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const mine = () => current.current === controller;
      setState({ phase: 'running', format, progress: null });
      let drawn = 0;
      try {
        const file = await mutateAsync({
          url,
          signal: controller.signal,
          fallbackName,
          countRows: format === 'csv',
          onProgress: (progress) => {
            const now = performance.now();
            if (!mine() || (progress.bytes > 0 && now - drawn < REDRAW_MS)) return;
            drawn = now;
            setState({ phase: 'running', format, progress });
          },
        });
        if (!mine()) return;
        const { blob, ...rest } = file;
        saveFile(blob, file.filename);
        setState({ phase: 'done', format, file: rest });
      } catch (error) {
        if (!mine()) return;
        setState(
          isAbortError(error) || controller.signal.aborted
            ? { phase: 'cancelled', format }
            : { phase: 'failed', format, error },
        );
      } finally {
        if (mine()) current.current = null;
      }
    },
    [mutateAsync],
  );

  const cancel = useCallback(() => current.current?.abort(), []);
  return { state, start, cancel };
}
