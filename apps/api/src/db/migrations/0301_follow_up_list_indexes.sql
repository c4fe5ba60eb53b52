-- The follow-up list of a region, earliest due first, as a short index walk (measured with 10,000
-- follow-ups in one province in bench/sections/meetings.ts).
--
-- `region_path <@ '15'` can only use the GiST index, which returns the whole subtree unordered, so a
-- province's first page read and sorted all of its follow-ups. Follow-ups belong to meetings of a
-- province, regency or district (levels 1-3), so a subtree at one of those levels is an equality on
-- the path's first labels; with the due order behind it, the first page is the first index entries.
-- The CASE keeps the expression defined for shorter paths (subpath errors there); the repository
-- writes the same expression (repository.ts, subtreeAtLevel).
CREATE INDEX follow_ups_l1_due_idx ON follow_ups
  ((CASE WHEN nlevel(region_path) >= 1 THEN subpath(region_path, 0, 1) END), due_on, id);
CREATE INDEX follow_ups_l2_due_idx ON follow_ups
  ((CASE WHEN nlevel(region_path) >= 2 THEN subpath(region_path, 0, 2) END), due_on, id);
CREATE INDEX follow_ups_l3_due_idx ON follow_ups
  ((CASE WHEN nlevel(region_path) >= 3 THEN subpath(region_path, 0, 3) END), due_on, id);

-- Statistics of the new expressions, so that an existing database plans the walk at once instead of
-- guessing until the next automatic analyze (cheap: ANALYZE reads a sample).
ANALYZE follow_ups;
