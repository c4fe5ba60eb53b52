-- risk_report_statuses → risk_reports (ON DELETE CASCADE), checked once per statement: see 0104,
-- which defines the functions and says what such a check keeps of a foreign key and what not.
ALTER TABLE risk_report_statuses DROP CONSTRAINT risk_report_statuses_report_id_fkey;
CREATE TRIGGER risk_report_statuses_report_exists AFTER INSERT ON risk_report_statuses
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('report_id', 'risk_reports', 'report_id');
CREATE TRIGGER risk_report_statuses_report_exists_on_update AFTER UPDATE ON risk_report_statuses
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('report_id', 'risk_reports', 'report_id');
CREATE TRIGGER risk_reports_delete_statuses AFTER DELETE ON risk_reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('report_id', 'risk_report_statuses', 'report_id');
CREATE TRIGGER risk_reports_key_fixed BEFORE UPDATE OF report_id ON risk_reports
  FOR EACH ROW WHEN (OLD.report_id IS DISTINCT FROM NEW.report_id) EXECUTE FUNCTION refuse_key_change();
