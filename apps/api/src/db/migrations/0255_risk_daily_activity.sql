-- Counted reports per province, regency and district and UTC day (by when they happened), kept by the
-- risk listener in the report's own transaction, for the activity test (the last 24 h against the 28
-- days before). Counting each region's reports one by one cost the listener time in proportion to the
-- reports of the last 29 days of every region a change touches: a batch of 1,000 reports across a
-- province touches every regency and district in it, and each one's whole month was read, twice (measured:
-- 190 of the statement's 197 ms at 100,000 reports). About 30 daily rows per region are read instead,
-- and the reports of the window edges that fall inside a day, from the (at) index.
-- risk_province_activity stays: the national list reads its provinces' last 24 h from those hours.
CREATE TABLE risk_daily_activity (
  region_code  text NOT NULL,
  -- Days since 1970-01-01 (UTC): floor(epoch seconds of `at` / 86400), whatever the session's zone.
  day          integer NOT NULL,
  reports      integer NOT NULL,
  PRIMARY KEY (region_code, day)
) WITH (fillfactor = 50);
-- Half-full pages, as for the hourly province counts: today's rows are updated by every new report,
-- and room on their pages keeps those updates HOT.

INSERT INTO risk_daily_activity (region_code, day, reports)
SELECT v.code, floor(date_part('epoch', r.at) / 86400)::int, count(*)::int
  FROM risk_reports r
 CROSS JOIN LATERAL (VALUES (r.l1), (r.l2), (r.l3)) AS v(code)
 WHERE r.counted AND r.at > now() - interval '31 days' AND v.code <> ''
 GROUP BY 1, 2
 ORDER BY 2, 1;
