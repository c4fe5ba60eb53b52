-- The map's points (the newest located reports of an area) are read from the region index alone.
-- At 1,000,000 reports, reading them from the table took 120–330 ms for a small province, 740–940
-- ms for Jawa Timur and 75–170 ms for a regency; from this index 15–20, 60–160 and 14–20 ms.
-- The index replaces 0101's on the same key, so a report insert still updates one index for it
-- (a wider entry: 151 MB at 1,000,000 reports instead of 50 MB). Status is already in
-- reports_status_idx, so a status change was never a HOT update and loses nothing.
DROP INDEX reports_region_code_idx;
CREATE INDEX reports_region_code_idx ON reports (region_code text_pattern_ops, created_at DESC, id DESC)
  INCLUDE (lat, lon, severity, category, status, title);
