-- Vulnerability index (C4): baselines imported in the structure of Bawaslu's IKP, the live signal
-- from reports kept incrementally per region, alert episodes, and daily score snapshots.
-- The formula and its constants are documented in docs/risk-index.md.

-- One upload (CSV, XLSX or JSON rows) of baseline indicator scores.
CREATE TABLE risk_baseline_imports (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  imported_at       timestamptz NOT NULL DEFAULT now(),
  imported_by       uuid REFERENCES users (id),
  imported_by_name  text NOT NULL,
  format            text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json', 'seed')),
  filename          text CHECK (length(filename) <= 255),
  content_sha256    text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  row_count         integer NOT NULL CHECK (row_count > 0)
);

-- Baseline scores per region. A re-import supersedes the current row (superseded_at) and adds a new
-- one, so the history of every region's baseline stays readable ("what was the baseline in June").
CREATE TABLE risk_baselines (
  id                       bigserial PRIMARY KEY,
  region_code              text NOT NULL REFERENCES regions (code),
  region_path              ltree NOT NULL,
  import_id                uuid NOT NULL REFERENCES risk_baseline_imports (id),
  social_political         numeric(5, 2) NOT NULL CHECK (social_political BETWEEN 0 AND 100),
  election_administration  numeric(5, 2) NOT NULL CHECK (election_administration BETWEEN 0 AND 100),
  contestation             numeric(5, 2) NOT NULL CHECK (contestation BETWEEN 0 AND 100),
  participation            numeric(5, 2) NOT NULL CHECK (participation BETWEEN 0 AND 100),
  source                   text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  measured_on              date NOT NULL,
  valid_from               timestamptz NOT NULL,
  superseded_at            timestamptz,
  CHECK (superseded_at IS NULL OR superseded_at >= valid_from)
);
CREATE UNIQUE INDEX risk_baselines_current_idx ON risk_baselines (region_code) WHERE superseded_at IS NULL;
CREATE INDEX risk_baselines_current_path_idx ON risk_baselines USING gist (region_path) WHERE superseded_at IS NULL;
CREATE INDEX risk_baselines_history_idx ON risk_baselines (region_code, valid_from DESC);

-- The facts about each report that the index needs, projected from the reports module's events
-- inside its transactions (never the description, never the reporter). l1..l4 are the province,
-- regency, district and village codes (l4 null for a report placed at a district) so that subtree
-- counts are plain index range scans.
CREATE TABLE risk_reports (
  report_id    uuid PRIMARY KEY,
  region_code  text NOT NULL,
  region_path  ltree NOT NULL,
  l1           text NOT NULL,
  l2           text NOT NULL,
  l3           text NOT NULL,
  l4           text,
  -- When the signal starts to decay: the time it happened, but never later than the index learned of it.
  at           timestamptz NOT NULL,
  -- When the index learned of the report (its listener ran), for reconstructing past days.
  created_at   timestamptz NOT NULL,
  category     text NOT NULL,
  severity     smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status       text NOT NULL
                 CHECK (status IN ('new', 'verified', 'handling', 'resolved', 'rejected', 'duplicate')),
  title        text NOT NULL,
  -- Rejected and duplicate reports are not counted (activity test, reports24h).
  counted      boolean GENERATED ALWAYS AS (status NOT IN ('rejected', 'duplicate')) STORED
);
CREATE INDEX risk_reports_l1_idx ON risk_reports (l1, at) WHERE counted;
CREATE INDEX risk_reports_l2_idx ON risk_reports (l2, at) WHERE counted;
CREATE INDEX risk_reports_l3_idx ON risk_reports (l3, at) WHERE counted;
CREATE INDEX risk_reports_l4_idx ON risk_reports (l4, at) WHERE counted AND l4 IS NOT NULL;
CREATE INDEX risk_reports_at_idx ON risk_reports (at) WHERE counted;

-- Status of each report over time, so a past day's score can be computed exactly.
CREATE TABLE risk_report_statuses (
  id         bigserial PRIMARY KEY,
  report_id  uuid NOT NULL REFERENCES risk_reports (report_id) ON DELETE CASCADE,
  at         timestamptz NOT NULL,
  status     text NOT NULL
);
CREATE INDEX risk_report_statuses_report_idx ON risk_report_statuses (report_id, at DESC);

-- The fixed epoch t0 of the signal aggregates and the half-life they were computed with. A changed
-- half-life (configuration) makes the service recompute every aggregate at start.
CREATE TABLE risk_epoch (
  singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  t0               timestamptz NOT NULL,
  half_life_hours  double precision NOT NULL CHECK (half_life_hours > 0)
);

-- Per region (its whole subtree): Σ severity · statusWeight · 2^((at − t0)/halfLife), so the signal now
-- is weighted · 2^(−(now − t0)/halfLife); and the number of open reports (new, verified, handling).
CREATE TABLE risk_region_signal (
  region_code   text PRIMARY KEY REFERENCES regions (code),
  weighted      double precision NOT NULL DEFAULT 0,
  open_reports  integer NOT NULL DEFAULT 0
);

-- Alert episodes per region: the level whose alert episode is running (0 low, 1 medium, 2 high) and
-- since when; the start of the running unusual-activity episode, if any.
CREATE TABLE risk_region_state (
  region_code   text PRIMARY KEY REFERENCES regions (code),
  alert_level   smallint NOT NULL CHECK (alert_level BETWEEN 0 AND 2),
  level_since   timestamptz NOT NULL,
  spike_since   timestamptz,
  updated_at    timestamptz NOT NULL
);

-- A score per region and day (the WIB date that ended when the snapshot was taken).
CREATE TABLE risk_daily_scores (
  region_code   text NOT NULL REFERENCES regions (code),
  day           date NOT NULL,
  score         numeric(5, 2) NOT NULL,
  level         text NOT NULL CHECK (level IN ('low', 'medium', 'high')),
  baseline      numeric(5, 2),
  signal        double precision NOT NULL,
  open_reports  integer NOT NULL,
  reports_24h   integer NOT NULL,
  origin        text NOT NULL CHECK (origin IN ('snapshot', 'computed')),
  computed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, day)
);

-- The next day whose snapshot is scheduled, so that several API processes enqueue it once.
CREATE TABLE risk_schedule (
  job       text PRIMARY KEY,
  next_day  date NOT NULL
);
