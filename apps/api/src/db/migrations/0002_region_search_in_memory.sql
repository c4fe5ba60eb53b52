-- Region name search now runs in memory (modules/regions/search-index.ts): trigram matching over the
-- 91k names in PostgreSQL cost 10–50 ms of CPU per query. These indexes only slowed down the loading
-- of the regions on first start.
DROP INDEX IF EXISTS regions_search_trgm_idx;
DROP INDEX IF EXISTS regions_compact_trgm_idx;
