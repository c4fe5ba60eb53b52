-- The keys of the rows the alert rules write per report, checked once per statement: see 0104, which
-- defines the functions and says what such a check keeps of a foreign key and what not.

-- alert_report_signals → reports (ON DELETE CASCADE)
ALTER TABLE alert_report_signals DROP CONSTRAINT alert_report_signals_report_id_fkey;
CREATE TRIGGER alert_report_signals_report_exists AFTER INSERT ON alert_report_signals
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('report_id', 'reports', 'id');
-- An update cannot move a signal to another report: its key is fixed (below).
CREATE TRIGGER reports_delete_alert_signals AFTER DELETE ON reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('id', 'alert_report_signals', 'report_id');

-- alert_reports → alerts and → alert_report_signals (both ON DELETE CASCADE)
ALTER TABLE alert_reports DROP CONSTRAINT alert_reports_alert_id_fkey, DROP CONSTRAINT alert_reports_report_id_fkey;
CREATE TRIGGER alert_reports_alert_exists AFTER INSERT ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('alert_id', 'alerts', 'id');
CREATE TRIGGER alert_reports_signal_exists AFTER INSERT ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('report_id', 'alert_report_signals', 'report_id');
CREATE TRIGGER alert_reports_alert_exists_on_update AFTER UPDATE ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('alert_id', 'alerts', 'id');
CREATE TRIGGER alert_reports_signal_exists_on_update AFTER UPDATE ON alert_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_exist('report_id', 'alert_report_signals', 'report_id');
CREATE TRIGGER alerts_delete_reports AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('id', 'alert_reports', 'alert_id');
CREATE TRIGGER alert_report_signals_delete_reports AFTER DELETE ON alert_report_signals
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_dependent_rows('report_id', 'alert_reports', 'report_id');
CREATE TRIGGER alerts_id_fixed BEFORE UPDATE OF id ON alerts
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_key_change();
CREATE TRIGGER alert_report_signals_key_fixed BEFORE UPDATE OF report_id ON alert_report_signals
  FOR EACH ROW WHEN (OLD.report_id IS DISTINCT FROM NEW.report_id) EXECUTE FUNCTION refuse_key_change();
