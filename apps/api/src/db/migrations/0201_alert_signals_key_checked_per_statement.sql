-- The keys of the rows the alert rules write per report, checked once per statement: see 0104, which
-- says what such a check keeps of a foreign key and what not, and defines the functions for the
-- parents' side.

-- alert_report_signals → reports (ON DELETE CASCADE)
ALTER TABLE alert_report_signals DROP CONSTRAINT alert_report_signals_report_id_fkey;
CREATE FUNCTION alert_report_signals_report_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing uuid;
BEGIN
  SELECT n.report_id INTO missing FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM reports p WHERE p.id = n.report_id)
   LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert on table "alert_report_signals" violates key: report % is not present', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER alert_report_signals_report_exists AFTER INSERT ON alert_report_signals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION alert_report_signals_report_exists();
-- An update cannot move a signal to another report: its key is fixed (below).
CREATE TRIGGER reports_delete_alert_signals AFTER DELETE ON reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('id', 'alert_report_signals', 'report_id');
CREATE TRIGGER alert_report_signals_key_fixed BEFORE UPDATE OF report_id ON alert_report_signals
  FOR EACH ROW WHEN (OLD.report_id IS DISTINCT FROM NEW.report_id) EXECUTE FUNCTION refuse_key_change();

-- alert_reports → alerts and → alert_report_signals (both ON DELETE CASCADE)
ALTER TABLE alert_reports DROP CONSTRAINT alert_reports_alert_id_fkey, DROP CONSTRAINT alert_reports_report_id_fkey;
CREATE FUNCTION alert_reports_keys_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT 'alert ' || n.alert_id INTO missing FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM alerts p WHERE p.id = n.alert_id)
   LIMIT 1;
  IF missing IS NULL THEN
    SELECT 'report signal ' || n.report_id INTO missing FROM new_rows n
     WHERE NOT EXISTS (SELECT 1 FROM alert_report_signals p WHERE p.report_id = n.report_id)
     LIMIT 1;
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "alert_reports" violates key: % is not present', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER alert_reports_keys_exist_on_insert AFTER INSERT ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION alert_reports_keys_exist();
CREATE TRIGGER alert_reports_keys_exist_on_update AFTER UPDATE ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION alert_reports_keys_exist();
CREATE TRIGGER alerts_delete_reports AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('id', 'alert_reports', 'alert_id');
CREATE TRIGGER alert_report_signals_delete_reports AFTER DELETE ON alert_report_signals
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('report_id', 'alert_reports', 'report_id');
CREATE TRIGGER alerts_id_fixed BEFORE UPDATE OF id ON alerts
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_key_change();
