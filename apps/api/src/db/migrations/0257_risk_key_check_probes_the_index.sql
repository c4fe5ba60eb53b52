-- The key check of 0256 probes risk_reports' primary key whatever the statistics say (see 0107:
-- a plan kept from a small table scanned all of the parent table for every statement).
ALTER FUNCTION risk_report_statuses_report_exists() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
