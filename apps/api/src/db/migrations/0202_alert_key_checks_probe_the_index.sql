-- The key checks of 0201 probe the parents' primary keys whatever the statistics say (see 0107:
-- a plan kept from a small table scanned all of alert_report_signals for every statement).
ALTER FUNCTION alert_report_signals_report_exists() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
ALTER FUNCTION alert_reports_keys_exist() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
