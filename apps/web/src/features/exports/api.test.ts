import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS, exportUrl, type ExportKind } from './api.ts';

const kind = (id: ExportKind['id']): ExportKind => {
  const found = EXPORT_KINDS.find((k) => k.id === id);
  if (!found) throw new Error(`no export kind ${id}`);
  return found;
};

describe('exportUrl', () => {
  it('takes the report filters only for report exports', () => {
    const query = { region: '15.04', from: '2024-11-01', status: 'new' };
    expect(exportUrl(kind('reports'), 'csv', query)).toBe(
      '/api/v1/exports/reports.csv?region=15.04&from=2024-11-01&status=new',
    );
    expect(exportUrl(kind('risk'), 'xlsx', query)).toBe('/api/v1/exports/risk.xlsx?region=15.04');
  });

  it('sends XLSX of follow-ups and pledges to the module that owns them', () => {
    expect(exportUrl(kind('follow-ups'), 'xlsx', { region: '15.04' })).toBe(
      '/api/v1/follow-ups.xlsx?region=15.04',
    );
    expect(exportUrl(kind('follow-ups'), 'csv', { region: '15.04' })).toBe(
      '/api/v1/exports/follow-ups.csv?region=15.04',
    );
    expect(exportUrl(kind('pledges'), 'xlsx', {})).toBe('/api/v1/pledge-campaigns/rollup.xlsx');
  });
});
