import { NATIONAL_CODE, type Region, type RegionDetail } from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { presentRegion, presentRegionDetail } from './presenter.ts';
import type { RegionRepository } from './repository.ts';
import { buildRegionSearchIndex, type RegionSearchIndex } from './search-index.ts';

export function createRegionService(deps: { repository: RegionRepository }) {
  const { repository } = deps;
  // Built on first use from the database (regions do not change while the app runs; see search-index.ts).
  let searchIndex: Promise<RegionSearchIndex> | undefined;
  const loadSearchIndex = (): Promise<RegionSearchIndex> => {
    searchIndex ??= repository.searchable().then(buildRegionSearchIndex, (error: unknown) => {
      searchIndex = undefined;
      throw error;
    });
    return searchIndex;
  };

  return {
    async list(actor: Actor, query: { parent?: string; q?: string; limit?: number; cursor?: string }) {
      if (query.q !== undefined) {
        const rows = (await loadSearchIndex()).search(query.q, actor.scopeCode, query.limit ?? 20);
        return { items: rows.map(presentRegion), nextCursor: null };
      }
      const limit = query.limit ?? 500;
      const parent = query.parent && query.parent !== NATIONAL_CODE ? query.parent : null;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.children(parent, actor.scopePath, limit, after);
      const result = page(rows, limit, (r) => [r.name, r.code]);
      return { items: result.items.map(presentRegion), nextCursor: result.nextCursor };
    },

    async get(actor: Actor, code: string): Promise<RegionDetail> {
      const row = await repository.byCode(code, actor.scopePath);
      if (!row) throw new AppError('region.not_found');
      return presentRegionDetail(row, await repository.ancestors(code));
    },

    /** Builds the search index ahead of the first search (the server calls this once it listens). */
    warmSearch: async (): Promise<void> => {
      await loadSearchIndex();
    },

    /** For other modules: the region as stored, or a 404 naming the bad code. */
    async require(code: string): Promise<Region & { path: string }> {
      const row = await repository.byCode(code, '');
      const path = await repository.pathOf(code);
      if (!row || path === undefined) throw new AppError('region.not_found', [{ code }]);
      return { ...presentRegion(row), path };
    },

    /** For other modules: every child of a region (no scope filter; callers have checked access). */
    async childrenOf(code: string): Promise<Region[]> {
      const rows = await repository.children(code === NATIONAL_CODE ? null : code, '', 10_000);
      return rows.map(presentRegion);
    },
  };
}

export type RegionService = ReturnType<typeof createRegionService>;
