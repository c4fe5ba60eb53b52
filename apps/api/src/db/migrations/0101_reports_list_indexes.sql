-- Lists and searches that stay fast at millions of reports (measured with 1,000,000 in bench/sections/reports.ts).

-- The Indonesian full-text vector of title and description, stored: a search filter then reads it
-- instead of stemming every candidate row again. Same value as the expression index of 0100, which
-- it replaces.
ALTER TABLE reports
  ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('indonesian', title || ' ' || description)) STORED;
CREATE INDEX reports_search_idx ON reports USING gin (search);
DROP INDEX reports_fts_idx;

-- Kemendagri codes have fixed-width labels, so a region's subtree is a prefix range of region_code
-- (LIKE '15.04%'). A btree range has real statistics, where ltree's <@ gets a constant guess that
-- made the planner walk the whole inbox order for a small regency.
CREATE INDEX reports_region_code_idx ON reports (region_code text_pattern_ops, created_at DESC);

-- Time-window filters (from/to on occurredAt); the included columns let the window be sorted by
-- arrival without reading the rows.
CREATE INDEX reports_occurred_idx ON reports (occurred_at) INCLUDE (created_at, id);
