import { describe, expect, it } from 'vitest';
import { filtersFromSearch, searchFromFilters } from './filters.ts';

const parse = (search: string, operator: boolean) => filtersFromSearch(new URLSearchParams(search), operator);

describe('inbox filters in the address', () => {
  it('an operator opens on new reports, a reader on everything', () => {
    expect(parse('', true)).toEqual({ status: 'new' });
    expect(parse('', false)).toEqual({});
  });

  it('an empty status is every status, for the operator too', () => {
    expect(parse('status=', true)).toEqual({});
    expect(searchFromFilters({}, true).toString()).toBe('status=');
    expect(searchFromFilters({}, false).toString()).toBe('');
  });

  it('goes there and back unchanged', () => {
    const filters = {
      status: 'verified',
      category: 'money_politics',
      severityMin: 3,
      region: '15.04.01',
      q: 'serangan fajar',
    };
    for (const operator of [true, false]) {
      expect(parse(searchFromFilters(filters, operator).toString(), operator)).toEqual(filters);
    }
  });

  it('drops what is not a filter value', () => {
    expect(parse('severityMin=9&region=%20%20&category=', false)).toEqual({});
    expect(parse('severityMin=abc', false)).toEqual({});
    expect(parse('status=ditunda&category=gempa', true)).toEqual({});
    expect(parse('status=verified,handling', true)).toEqual({ status: 'verified,handling' });
  });
});
