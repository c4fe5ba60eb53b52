-- Reports whose creation the deferred listeners (the vulnerability index) have not seen yet.
--
-- A report's transaction adds its id here; the dispatcher (modules/reports/deferred.ts) takes ids in
-- a transaction of its own, runs the deferred listeners on the reports as they are now and deletes
-- the ids, all in that one transaction: each creation is projected once, and a crash between the
-- report's commit and its projection only delays the projection until a process starts again.
-- A status change takes its reports' ids first (in its own transaction), so the creation is always
-- projected before the change.
--
-- No foreign key: reports are never deleted, the dispatcher joins reports and drops ids without one,
-- and a key would run a check per inserted row in the report's transaction.
CREATE TABLE report_outbox (
  report_id uuid PRIMARY KEY,
  queued_at timestamptz NOT NULL DEFAULT now()
);
