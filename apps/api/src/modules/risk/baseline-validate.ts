import { REGION_CODE_PATTERN, RISK_BASELINE_MAX_ROWS, type RiskBaselineProblem } from '@sinergi/shared';
import type { BaselineColumn, RawCell, RawRow } from './baseline-file.ts';

/**
 * Checks every cell of a baseline upload and collects every problem (row, column, cell), so one
 * answer lists all the bad cells; the service imports nothing when there is any.
 */

export interface ValidBaselineRow {
  row: number;
  code: string;
  socialPolitical: number;
  electionAdministration: number;
  contestation: number;
  participation: number;
  source: string;
  measuredOn: string;
}

const DIMENSIONS = ['socialPolitical', 'electionAdministration', 'contestation', 'participation'] as const;

/** At most this many problems are reported; a wholly wrong file does not need ten thousand lines. */
export const MAX_PROBLEMS = 200;

function parseScore(value: RawCell['value']): number | string {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 && value <= 100
      ? Math.round(value * 100) / 100
      : 'must be a number from 0 to 100';
  }
  if (typeof value === 'string') {
    // Indonesian spreadsheets write decimal commas ("45,5").
    const match = /^(\d{1,3})(?:[.,](\d+))?$/.exec(value.trim());
    if (match) return parseScore(Number(`${match[1]}.${match[2] ?? '0'}`));
  }
  return 'must be a number from 0 to 100';
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parseDate(value: RawCell['value'], today: string): string {
  let iso: string | undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    iso = value.toISOString().slice(0, 10);
  } else if (typeof value === 'string') {
    const text = value.trim();
    const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (ymd && isRealDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]))) iso = text;
    else if (dmy && isRealDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])))
      iso = `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  }
  if (!iso) throw new Error('must be a date: YYYY-MM-DD or DD/MM/YYYY');
  if (iso > today) throw new Error('lies in the future');
  if (iso < '2000-01-01') throw new Error('is before 2000');
  return iso;
}

function parseCode(value: RawCell['value']): string {
  let code: string | undefined;
  // A spreadsheet may hold "15" or "15.10" as numbers; a regency number always has two decimals.
  if (typeof value === 'number')
    code = Number.isInteger(value) ? String(value).padStart(2, '0') : value.toFixed(2);
  else if (typeof value === 'string') code = value.trim();
  if (!code || code === 'ID' || !REGION_CODE_PATTERN.test(code))
    throw new Error('must be a Kemendagri code such as 15, 15.04, 15.04.01 or 15.04.01.2001');
  return code;
}

const display = (value: RawCell['value']): string | undefined =>
  value === null
    ? undefined
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 100);

export function validateBaselineRows(
  rows: RawRow[],
  options: { today: string; knownCodes: Set<string> | null },
): { valid: ValidBaselineRow[]; problems: RiskBaselineProblem[] } {
  const problems: RiskBaselineProblem[] = [];
  const valid: ValidBaselineRow[] = [];
  const seen = new Map<string, number>();
  if (rows.length === 0)
    problems.push({ row: 0, column: 'regionCode', message: 'the file has no data rows' });
  if (rows.length > RISK_BASELINE_MAX_ROWS)
    problems.push({
      row: 0,
      column: 'regionCode',
      message: `at most ${RISK_BASELINE_MAX_ROWS} rows per import`,
    });

  for (const raw of rows) {
    if (problems.length >= MAX_PROBLEMS) break;
    const problem = (column: BaselineColumn, message: string) => {
      const cell = raw.cells[column];
      problems.push({
        row: raw.row,
        column,
        ...(cell ? { cell: cell.ref } : {}),
        ...(cell && display(cell.value) !== undefined ? { value: display(cell.value) } : {}),
        message,
      });
    };
    const value = (column: BaselineColumn) => raw.cells[column]?.value ?? null;
    let ok = true;

    let code = '';
    try {
      code = parseCode(value('regionCode'));
      if (options.knownCodes && !options.knownCodes.has(code)) throw new Error('is not a known region code');
      const earlier = seen.get(code);
      if (earlier !== undefined) throw new Error(`repeats the region of row ${earlier}`);
      seen.set(code, raw.row);
    } catch (error) {
      problem('regionCode', (error as Error).message);
      ok = false;
    }

    const scores: Partial<Record<(typeof DIMENSIONS)[number], number>> = {};
    for (const dimension of DIMENSIONS) {
      const parsed = parseScore(value(dimension));
      if (typeof parsed === 'string') {
        problem(dimension, value(dimension) === null ? 'is empty; must be a number from 0 to 100' : parsed);
        ok = false;
      } else scores[dimension] = parsed;
    }

    const sourceValue = value('source');
    const source = sourceValue === null ? '' : String(sourceValue).trim();
    if (source.length === 0 || source.length > 300) {
      problem('source', 'must name the source (1–300 characters)');
      ok = false;
    }

    let measuredOn = '';
    try {
      measuredOn = parseDate(value('measuredOn'), options.today);
    } catch (error) {
      problem('measuredOn', (error as Error).message);
      ok = false;
    }

    if (ok) {
      valid.push({
        row: raw.row,
        code,
        socialPolitical: scores.socialPolitical ?? 0,
        electionAdministration: scores.electionAdministration ?? 0,
        contestation: scores.contestation ?? 0,
        participation: scores.participation ?? 0,
        source,
        measuredOn,
      });
    }
  }
  return { valid, problems: problems.slice(0, MAX_PROBLEMS) };
}

/** JSON rows ({rows: [...]}) become raw rows too, so both paths share one validation and one answer. */
export function jsonRowsToRaw(rows: unknown[]): RawRow[] {
  return rows.map((item, index) => {
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const cells: RawRow['cells'] = {};
    for (const column of [
      'regionCode',
      'socialPolitical',
      'electionAdministration',
      'contestation',
      'participation',
      'source',
      'measuredOn',
    ] as const) {
      const v = record[column];
      cells[column] = {
        value:
          v === undefined || v === null
            ? null
            : typeof v === 'number' || typeof v === 'string'
              ? v
              : JSON.stringify(v),
        ref: `rows[${index}].${column}`,
      };
    }
    return { row: index + 1, cells };
  });
}
