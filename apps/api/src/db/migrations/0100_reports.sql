-- Early-warning reports (C3): the reports, their status history, attachments, and the reporter's
-- identity kept in a table of its own so that no list, export or join on `reports` can carry it.

CREATE TABLE reports (
  -- Client-generated ids are allowed (phones create them offline); the same id makes a resubmission idempotent.
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The most precise region given: a village (level 4) or a district (level 3).
  region_code    text NOT NULL REFERENCES regions (code),
  region_path    ltree NOT NULL,
  district_code  text NOT NULL REFERENCES regions (code),
  occurred_at    timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  category       text NOT NULL CHECK (category ~ '^[a-z_]{2,40}$'),
  severity       smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status         text NOT NULL DEFAULT 'new'
                   CHECK (status IN ('new', 'verified', 'handling', 'resolved', 'rejected', 'duplicate')),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
  lat            double precision CHECK (lat BETWEEN -90 AND 90),
  lon            double precision CHECK (lon BETWEEN -180 AND 180),
  channel        text NOT NULL
                   CHECK (channel IN ('web', 'mobile', 'api', 'batch', 'sms', 'whatsapp', 'public')),
  anonymous      boolean NOT NULL DEFAULT false,
  -- SHA-256 of the submitted content (canonical form): a resubmission with the same id is compared by it.
  content_hash   bytea NOT NULL,
  duplicate_of   uuid REFERENCES reports (id),
  -- Given to reports filed without an account (public form, SMS) so the sender can follow the status.
  tracking_code  text UNIQUE,
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
  CHECK (duplicate_of IS DISTINCT FROM id)
);

-- Scope filter (path <@ scope) and roll-ups.
CREATE INDEX reports_region_path_idx ON reports USING gist (region_path);
-- Inbox order (newest first, keyset on created_at, id).
CREATE INDEX reports_created_idx ON reports (created_at DESC, id DESC);
-- Near-duplicate window and per-district statistics (risk signal).
CREATE INDEX reports_district_category_idx ON reports (district_code, category, occurred_at);
CREATE INDEX reports_status_idx ON reports (status, created_at DESC) WHERE status IN ('new', 'verified', 'handling');
CREATE INDEX reports_duplicate_of_idx ON reports (duplicate_of) WHERE duplicate_of IS NOT NULL;
-- Indonesian full-text search with stemming ("pengamanan" finds "aman").
CREATE INDEX reports_fts_idx ON reports USING gin (to_tsvector('indonesian', title || ' ' || description));
-- Near-duplicate and similar-title lookups (pg_trgm).
CREATE INDEX reports_title_trgm_idx ON reports USING gin (title gin_trgm_ops);

-- Every status change with who, when and why. The filing itself is not a row here: for an
-- anonymous report even the filing account must not be recorded next to the report.
CREATE TABLE report_status_history (
  id              bigserial PRIMARY KEY,
  report_id       uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  from_status     text NOT NULL,
  to_status       text NOT NULL,
  note            text,
  duplicate_of    uuid REFERENCES reports (id),
  changed_by      uuid REFERENCES users (id),
  changed_by_name text NOT NULL,
  changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_status_history_report_idx ON report_status_history (report_id, id);

-- Who reported, apart from the report. Read only by the regency officer of the scope and admins,
-- each read audited with its reason. Anonymous reports have no row. Deliberately no unique index
-- on name or phone: a constraint error would echo the value into logs.
CREATE TABLE reporter_identities (
  report_id   uuid PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
  user_id     uuid REFERENCES users (id),
  name        text,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_attachments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id    uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size         bigint NOT NULL CHECK (size >= 0),
  mime         text NOT NULL,
  filename     text NOT NULL,
  uploaded_by  uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_attachments_report_idx ON report_attachments (report_id, created_at);

-- Public (anonymous, no account) intake per region, switched on by an officer. The nearest setting
-- on the region's path wins, so a regency can enable it and one district can opt out.
CREATE TABLE report_intake_settings (
  region_code     text PRIMARY KEY REFERENCES regions (code),
  region_path     ltree NOT NULL,
  public_intake   boolean NOT NULL,
  updated_by      uuid REFERENCES users (id),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_intake_settings_path_idx ON report_intake_settings USING gist (region_path);

-- Fixed-window counters for the public routes, shared by every API process. Keyed by a hash of the
-- address, never linked to a report.
CREATE TABLE public_intake_hits (
  address_hash  bytea NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL,
  PRIMARY KEY (address_hash, window_start)
);
