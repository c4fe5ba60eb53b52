import { REPORT_CATEGORY_CODES, REPORT_STATUSES } from '@sinergi/shared';
import type { ReportFilters } from './api.ts';

const STATUSES = new Set<string>(REPORT_STATUSES);
const CATEGORIES = new Set<string>(REPORT_CATEGORY_CODES);

/**
 * The inbox filters live in the address (`/reports?status=verified&severityMin=3`), so a reload, a
 * return from a report or a shared link opens the same inbox. An operator's inbox opens on new
 * reports; `status=` (empty) is an operator's "every status". A status or category this version does
 * not know (an old or mistyped link) is left out rather than sent to the API to be refused.
 */
export function filtersFromSearch(params: URLSearchParams, operator: boolean): ReportFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const status = params.get('status');
  const severity = Number(params.get('severityMin'));
  const filters: ReportFilters = {};
  const chosenStatus = status === null ? (operator ? 'new' : undefined) : status || undefined;
  // The API takes a comma list (`verified,handling`); every part must be a status.
  if (chosenStatus && chosenStatus.split(',').every((s) => STATUSES.has(s))) filters.status = chosenStatus;
  const category = text('category');
  if (category && CATEGORIES.has(category)) filters.category = category;
  if (Number.isInteger(severity) && severity >= 1 && severity <= 4) filters.severityMin = severity;
  const region = text('region');
  if (region) filters.region = region;
  // The search box keeps what was typed, spaces included, until it is used.
  const q = params.get('q');
  if (q) filters.q = q;
  return filters;
}

export function searchFromFilters(filters: ReportFilters, operator: boolean): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  else if (operator) params.set('status', '');
  if (filters.category) params.set('category', filters.category);
  if (filters.severityMin) params.set('severityMin', String(filters.severityMin));
  if (filters.region) params.set('region', filters.region);
  if (filters.q) params.set('q', filters.q);
  return params;
}
