-- Counted reports per province and UTC hour (by when they happened), kept by the risk listener in
-- the report's own transaction. A province's activity test (the last 24 h against the 28 days before)
-- then sums about 700 hourly rows instead of counting every report of a busy province one by one
-- (Jawa Timur: ~7,000 in 29 days at a million reports a year, most on heap pages not yet all-visible);
-- only the minutes of the window edges that fall inside an hour are counted from risk_reports. The
-- national list reads the same rows for its provinces' last 24 h. Regencies and districts hold few
-- enough reports to count directly. Hours more than 31 days old are never read again: the listener
-- does not write them and the daily job deletes them.
CREATE TABLE risk_province_activity (
  region_code  text NOT NULL,
  -- Hours since 1970-01-01T00:00Z: floor(epoch seconds of `at` / 3600), whatever the session's zone.
  hour         integer NOT NULL,
  reports      integer NOT NULL,
  PRIMARY KEY (region_code, hour)
) WITH (fillfactor = 50);
-- Half-full pages: the row of the current hour is updated by every report of its province, and room on
-- its page keeps those updates HOT (no new index entry, no move to another page).

INSERT INTO risk_province_activity (region_code, hour, reports)
SELECT l1, floor(date_part('epoch', at) / 3600)::int, count(*)::int
  FROM risk_reports
 WHERE counted AND at > now() - interval '31 days'
 GROUP BY 1, 2
 ORDER BY 2, 1;
