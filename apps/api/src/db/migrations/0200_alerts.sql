-- Alerts (C3 "critical reports and clusters alert the region's Forkopimda at once", C4 level and
-- anomaly alerts), what fed them, webhooks per region and the delivery log of notifications.

CREATE TABLE alerts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code      text NOT NULL REFERENCES regions (code),
  -- Kemendagri codes are their own ltree paths (see 0001); kept for `path <@ scope` filters.
  region_path      ltree NOT NULL,
  -- critical_report, report_cluster (rules on reports), level_up, anomaly (risk index), or later kinds.
  kind             text NOT NULL CHECK (kind ~ '^[a-z_]{2,40}$'),
  severity         smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  details          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Opening with a key that an alert still not closed holds returns that alert instead of a new one.
  dedupe_key       text CHECK (length(dedupe_key) <= 200),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  opened_at        timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at  timestamptz,
  acknowledged_by  uuid REFERENCES users (id),
  assignee_id      uuid REFERENCES users (id),
  assigned_at      timestamptz,
  closed_at        timestamptz,
  closed_by        uuid REFERENCES users (id),
  close_note       text CHECK (length(close_note) <= 2000),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (status <> 'closed' OR close_note IS NOT NULL),
  CHECK ((status = 'open') = (acknowledged_at IS NULL) OR status = 'closed')
);
CREATE UNIQUE INDEX alerts_open_dedupe_idx ON alerts (dedupe_key)
  WHERE dedupe_key IS NOT NULL AND status <> 'closed';
CREATE INDEX alerts_region_path_idx ON alerts USING gist (region_path);
-- List order (newest first, keyset on opened_at, id).
CREATE INDEX alerts_opened_idx ON alerts (opened_at DESC, id DESC);
CREATE INDEX alerts_active_idx ON alerts (region_code) WHERE status <> 'closed';

-- The facts about reports of severity >= 3 that the alert rules need, projected from the reports
-- module's events inside its transactions. Deliberately no description and no reporter: nothing
-- the alerts module shows or sends can carry the reporter's identity.
CREATE TABLE alert_report_signals (
  report_id      uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
  region_code    text NOT NULL,
  district_code  text NOT NULL,
  occurred_at    timestamptz NOT NULL,
  category       text NOT NULL,
  severity       smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status         text NOT NULL,
  title          text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- The sliding 6-hour window per district.
CREATE INDEX alert_report_signals_window_idx ON alert_report_signals (district_code, occurred_at);

-- Which reports fed which alert. A report feeds at most one alert: once it has been part of an
-- alert (even a closed one) it never counts towards another cluster.
CREATE TABLE alert_reports (
  alert_id     uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  report_id    uuid NOT NULL UNIQUE REFERENCES alert_report_signals (report_id) ON DELETE CASCADE,
  attached_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, report_id)
);

-- Receivers of signed alert notifications, per region (alerts of the whole subtree are sent).
CREATE TABLE alert_webhooks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code  text NOT NULL REFERENCES regions (code),
  region_path  ltree NOT NULL,
  url          text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  description  text CHECK (length(description) <= 200),
  -- The HMAC key; shown once at creation, needed in clear to sign every delivery.
  secret       text NOT NULL,
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz,
  deleted_by   uuid REFERENCES users (id)
);
CREATE INDEX alert_webhooks_region_path_idx ON alert_webhooks USING gist (region_path) WHERE deleted_at IS NULL;
CREATE INDEX alert_webhooks_created_idx ON alert_webhooks (created_at DESC, id DESC);

-- One row per alert and recipient (user for e-mail, webhook for webhooks): a retried job skips
-- the recipients it already reached, and operators can see what went out.
CREATE TABLE alert_deliveries (
  alert_id      uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  channel       text NOT NULL CHECK (channel IN ('email', 'webhook')),
  target        uuid NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  delivered_at  timestamptz,
  last_error    text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, channel, target)
);
