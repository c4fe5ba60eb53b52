-- The per-statement key checks of 0104 look each new row's parent up by its primary key, whatever
-- the tables' statistics say.
--
-- PL/pgSQL plans a check once per connection and keeps the plan. Made while a parent table was small
-- (a new database, or one whose statistics are old: no autovacuum), the plan was a hash anti-join
-- over a sequential scan of the whole parent table, and stayed so as the table grew: the check then
-- cost O(table) per statement. Seen on 2026-12-07 with auto_explain in the alert rules' check of
-- alert_report_signals (0201): 2.6–2.8 ms a statement at 2,600 rows, where an index probe per new
-- row costs microseconds. Without sequential scans, hash and merge joins, the only plan left is a
-- nested loop probing the parent's primary key for each new row, which is right at any size.
ALTER FUNCTION reports_regions_exist() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
ALTER FUNCTION reporter_identities_keys_exist() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
