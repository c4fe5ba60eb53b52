-- Neutrality (C6): the region's agencies and their heads, pledge campaigns (fakta integritas) with
-- each agency's signed pact and declaration video, and neutrality cases referred to Bawaslu or the
-- civil-service authority.

CREATE TABLE agencies (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code   text NOT NULL REFERENCES regions (code),
  -- A copy of regions.path, so scope filters and roll-ups need no join.
  region_path   ltree NOT NULL,
  -- The region's zone: a deadline ends at midnight here (a national campaign spans three zones).
  timezone      text NOT NULL CHECK (timezone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
  name          text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  kind          text NOT NULL CHECK (kind IN ('sekretariat', 'inspektorat', 'dinas', 'badan', 'satuan',
                  'kantor', 'rsud', 'kecamatan', 'kelurahan', 'other')),
  head_name     text NOT NULL,
  head_title    text,
  head_nip      text CHECK (head_nip ~ '^[0-9]{18}$'),
  email         text,
  phone         text,
  -- The head's own account (role agency_head); one account heads at most one agency.
  head_user_id  uuid UNIQUE REFERENCES users (id),
  -- Usernames never change, so the link is shown without reading the users module's table.
  head_username text,
  active        boolean NOT NULL DEFAULT true,
  created_by    uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agencies_region_name_key ON agencies (region_code, lower(name));
CREATE INDEX agencies_path_idx ON agencies USING gist (region_path);
CREATE INDEX agencies_name_idx ON agencies (name, id);

CREATE TABLE pledge_campaigns (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A region code, or 'ID' for a national campaign (the country has no row in regions).
  region_code    text NOT NULL,
  -- '' (the root) for a national campaign.
  region_path    ltree NOT NULL CHECK ((region_code = 'ID') = (region_path = '')),
  title          text NOT NULL,
  -- The last day to sign, in the region's zone; closes_at is the instant that day ends there
  -- (for a national campaign, in WIB; each agency's own zone decides when it is overdue).
  deadline       date NOT NULL,
  timezone       text NOT NULL CHECK (timezone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
  closes_at      timestamptz NOT NULL,
  require_video  boolean NOT NULL,
  pledge_text    text NOT NULL,
  created_by     uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pledge_campaigns_path_idx ON pledge_campaigns USING gist (region_path);
CREATE INDEX pledge_campaigns_deadline_idx ON pledge_campaigns (deadline DESC, id);

-- One pledge per agency and campaign; its versions keep every upload.
CREATE TABLE pledges (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id         uuid NOT NULL REFERENCES pledge_campaigns (id),
  agency_id           uuid NOT NULL REFERENCES agencies (id),
  -- The agency's region, zone and state, copied so that progress counts pledges without joining
  -- each one to its agency (a national roll-up reads 30,000 agencies).
  region_path         ltree NOT NULL,
  timezone            text NOT NULL,
  agency_active       boolean NOT NULL DEFAULT true,
  status              text NOT NULL CHECK (status IN ('pending', 'verified', 'returned')),
  -- The current version's values, kept here so progress is one join.
  version             integer NOT NULL,
  signed_on           date NOT NULL,
  has_video           boolean NOT NULL,
  first_submitted_at  timestamptz NOT NULL,
  submitted_at        timestamptz NOT NULL,
  reviewed_by         uuid REFERENCES users (id),
  reviewed_at         timestamptz,
  return_reason       text,
  UNIQUE (campaign_id, agency_id)
);
CREATE INDEX pledges_agency_idx ON pledges (agency_id);

CREATE TABLE pledge_versions (
  pledge_id      uuid NOT NULL REFERENCES pledges (id),
  version        integer NOT NULL,
  signed_on      date NOT NULL,
  -- Each version is a full snapshot; `changed` names what this upload replaced.
  changed        text[] NOT NULL,
  scan_sha256    text NOT NULL CHECK (scan_sha256 ~ '^[0-9a-f]{64}$'),
  scan_mime      text NOT NULL,
  scan_size      bigint NOT NULL,
  scan_name      text,
  video_sha256   text CHECK (video_sha256 ~ '^[0-9a-f]{64}$'),
  video_mime     text,
  video_size     bigint,
  video_name     text,
  video_url      text,
  submitted_by   uuid REFERENCES users (id),
  submitted_at   timestamptz NOT NULL,
  PRIMARY KEY (pledge_id, version)
);

CREATE TABLE pledge_reviews (
  id           bigserial PRIMARY KEY,
  pledge_id    uuid NOT NULL REFERENCES pledges (id),
  version      integer NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('verified', 'returned')),
  reason       text,
  reviewed_by  uuid REFERENCES users (id),
  reviewed_at  timestamptz NOT NULL
);
CREATE INDEX pledge_reviews_pledge_idx ON pledge_reviews (pledge_id, id);

-- A reminder goes to each recipient once, however often its job is retried.
CREATE TABLE pledge_reminders (
  campaign_id  uuid NOT NULL REFERENCES pledge_campaigns (id),
  kind         text NOT NULL CHECK (kind IN ('before', 'after')),
  deadline     date NOT NULL,
  recipient    text NOT NULL,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, kind, deadline, recipient)
);

CREATE TABLE neutrality_cases (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code       text NOT NULL REFERENCES regions (code),
  region_path       ltree NOT NULL,
  agency_id         uuid REFERENCES agencies (id),
  subject_kind      text NOT NULL CHECK (subject_kind IN ('asn', 'pppk', 'tni', 'polri', 'village_head',
                      'election_body_member')),
  subject_name      text NOT NULL,
  subject_nip       text,
  subject_position  text,
  occurred_on       date NOT NULL,
  description       text NOT NULL,
  evidence          text,
  source            text NOT NULL CHECK (source IN ('officer', 'report', 'bawaslu', 'public', 'media')),
  -- An early-warning report (reports module) this case came from.
  report_id         uuid,
  status            text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'referred', 'decided', 'closed')),
  decided_on        date,
  decision          text,
  closed_on         date,
  closing_note      text,
  created_by        uuid REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (source <> 'report' OR report_id IS NOT NULL)
);
CREATE INDEX neutrality_cases_path_idx ON neutrality_cases USING gist (region_path);
CREATE INDEX neutrality_cases_created_idx ON neutrality_cases (created_at DESC, id DESC);
CREATE INDEX neutrality_cases_agency_idx ON neutrality_cases (agency_id);

CREATE TABLE neutrality_case_referrals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES neutrality_cases (id),
  referred_to  text NOT NULL CHECK (referred_to IN ('bawaslu', 'kasn', 'bkn')),
  referred_on  date NOT NULL,
  reference    text,
  note         text,
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX neutrality_case_referrals_case_idx ON neutrality_case_referrals (case_id, referred_on);

CREATE TABLE neutrality_case_evidence (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES neutrality_cases (id),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime         text NOT NULL,
  size         bigint NOT NULL,
  filename     text,
  uploaded_by  uuid REFERENCES users (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX neutrality_case_evidence_case_idx ON neutrality_case_evidence (case_id, uploaded_at);
