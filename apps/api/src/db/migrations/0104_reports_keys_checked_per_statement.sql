-- The foreign keys of a report's inserts, checked once per statement instead of once per row.
--
-- A foreign key runs a query and takes a row lock on the referenced row for every inserted row. In a
-- batch of 1,000 reports (measured 2026-12-06 with EXPLAIN ANALYZE, two importers at once) eight keys
-- took 25–30 ms of the transaction: reports → regions twice, reporter_identities → reports and
-- → users here; alert_report_signals → reports, alert_reports → alerts and → signals (0201);
-- risk_report_statuses → risk_reports (0256). Each check here is one anti-join over the statement's
-- new rows, written out per table so PL/pgSQL keeps its plan. Inserting into a copy of reports with
-- the two region keys and with this check: 1,000 rows a statement 46–58 against 33–36 µs a row;
-- one or 50 rows a statement the same within noise (a generic function with EXECUTE, planned anew
-- each time, was 27–173 µs a statement slower). Batch calls were 5–7% faster in three paired runs
-- of 40 calls on fresh databases on the server PostgreSQL.
--
-- What a foreign key did and these triggers keep:
--  - a child row must name an existing parent row (after INSERT and after UPDATE of the child);
--  - a parent row still named by a child cannot be deleted (regions, users), or its children go
--    with it (where the key was ON DELETE CASCADE);
--  - a parent's key cannot change while named (primary keys here are never updated; refused outright).
-- What they do not: take a lock on the parent. A parent deleted by a concurrent transaction between
-- the check and the commit would go unnoticed; regions, users, reports, alerts, alert signals and
-- risk projections are never deleted by the application (regions are reference data, users are
-- deactivated), so no such transaction exists.

-- TG_ARGV: the parent's column, the child table, the child's column. The deleted rows are `old_rows`.
CREATE FUNCTION check_keys_unused() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used text;
BEGIN
  EXECUTE format(
    'SELECT o.%1$I::text FROM old_rows o WHERE EXISTS (SELECT 1 FROM %2$I c WHERE c.%3$I = o.%1$I) LIMIT 1',
    TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO used;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'delete on table "%" violates key "%" of table "%": % is still referenced',
      TG_TABLE_NAME, TG_ARGV[2], TG_ARGV[1], used
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

-- TG_ARGV: the parent's column, the child table, the child's column (ON DELETE CASCADE).
CREATE FUNCTION delete_dependent_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM %2$I c USING old_rows o WHERE c.%3$I = o.%1$I', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
  RETURN NULL;
END $$;

CREATE FUNCTION refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the key of table "%" is referenced and cannot change', TG_TABLE_NAME
    USING ERRCODE = 'foreign_key_violation';
END $$;

-- reports → regions (region_code, district_code)
ALTER TABLE reports DROP CONSTRAINT reports_region_code_fkey, DROP CONSTRAINT reports_district_code_fkey;
CREATE FUNCTION reports_regions_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.code INTO missing
    FROM (SELECT region_code AS code FROM new_rows UNION ALL SELECT district_code FROM new_rows) n
   WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = n.code)
   LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "reports" violates key: region % is not present in table "regions"',
      missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reports_regions_exist_on_insert AFTER INSERT ON reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reports_regions_exist();
-- Transition tables cannot go with a column list (UPDATE OF ...): every update of reports is checked.
CREATE TRIGGER reports_regions_exist_on_update AFTER UPDATE ON reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reports_regions_exist();
CREATE TRIGGER regions_unused_by_report_region AFTER DELETE ON regions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_unused('code', 'reports', 'region_code');
CREATE TRIGGER regions_unused_by_report_district AFTER DELETE ON regions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_unused('code', 'reports', 'district_code');
CREATE TRIGGER regions_code_fixed BEFORE UPDATE OF code ON regions
  FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION refuse_key_change();

-- reporter_identities → reports (ON DELETE CASCADE) and → users
ALTER TABLE reporter_identities
  DROP CONSTRAINT reporter_identities_report_id_fkey, DROP CONSTRAINT reporter_identities_user_id_fkey;
CREATE FUNCTION reporter_identities_keys_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT 'report ' || n.report_id INTO missing FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM reports p WHERE p.id = n.report_id)
   LIMIT 1;
  IF missing IS NULL THEN
    SELECT 'user ' || n.user_id INTO missing FROM new_rows n
     WHERE n.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = n.user_id)
     LIMIT 1;
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "reporter_identities" violates key: % is not present', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER reporter_identities_keys_exist_on_insert AFTER INSERT ON reporter_identities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporter_identities_keys_exist();
CREATE TRIGGER reporter_identities_keys_exist_on_update AFTER UPDATE ON reporter_identities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporter_identities_keys_exist();
CREATE TRIGGER reports_delete_identities AFTER DELETE ON reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('id', 'reporter_identities', 'report_id');
CREATE TRIGGER users_unused_by_identities AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_unused('id', 'reporter_identities', 'user_id');
CREATE TRIGGER reports_id_fixed BEFORE UPDATE OF id ON reports
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_key_change();
CREATE TRIGGER users_id_fixed BEFORE UPDATE OF id ON users
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_key_change();
