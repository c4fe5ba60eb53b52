-- risk_report_statuses → risk_reports (ON DELETE CASCADE), checked once per statement: see 0104,
-- which says what such a check keeps of a foreign key and what not, and defines the functions for
-- the parents' side.
ALTER TABLE risk_report_statuses DROP CONSTRAINT risk_report_statuses_report_id_fkey;
CREATE FUNCTION risk_report_statuses_report_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing uuid;
BEGIN
  SELECT n.report_id INTO missing FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM risk_reports p WHERE p.report_id = n.report_id)
   LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "risk_report_statuses" violates key: projection % is not present',
      missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER risk_report_statuses_report_exists_on_insert AFTER INSERT ON risk_report_statuses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION risk_report_statuses_report_exists();
CREATE TRIGGER risk_report_statuses_report_exists_on_update AFTER UPDATE ON risk_report_statuses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION risk_report_statuses_report_exists();
CREATE TRIGGER risk_reports_delete_statuses AFTER DELETE ON risk_reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('report_id', 'risk_report_statuses', 'report_id');
CREATE TRIGGER risk_reports_key_fixed BEFORE UPDATE OF report_id ON risk_reports
  FOR EACH ROW WHEN (OLD.report_id IS DISTINCT FROM NEW.report_id) EXECUTE FUNCTION refuse_key_change();
