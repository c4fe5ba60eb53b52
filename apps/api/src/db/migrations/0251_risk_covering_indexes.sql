-- Subtree counts of the risk index (reports in the last 24 h per child region, the 28-day activity
-- baseline) read only the level columns and `at`: covering indexes make them index-only scans.
DROP INDEX risk_reports_l1_idx;
DROP INDEX risk_reports_l2_idx;
DROP INDEX risk_reports_l3_idx;
DROP INDEX risk_reports_at_idx;
CREATE INDEX risk_reports_l1_idx ON risk_reports (l1, at) INCLUDE (l2) WHERE counted;
CREATE INDEX risk_reports_l2_idx ON risk_reports (l2, at) INCLUDE (l3) WHERE counted;
CREATE INDEX risk_reports_l3_idx ON risk_reports (l3, at) INCLUDE (l4) WHERE counted;
CREATE INDEX risk_reports_at_idx ON risk_reports (at) INCLUDE (l1) WHERE counted;
