-- Elections and their stage schedule (C7). A national election has no region and the root scope path.
CREATE TABLE elections (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind         text NOT NULL CHECK (kind IN ('pemilu', 'pilkada', 'pilkades', 're_vote')),
  region_code  text REFERENCES regions (code),
  scope_path   ltree NOT NULL,
  voting_day   date NOT NULL,
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((region_code IS NULL) = (nlevel(scope_path) = 0))
);
-- Both directions of the scope line: elections inside a scope, and those covering it.
CREATE INDEX elections_scope_idx ON elections USING gist (scope_path);
CREATE INDEX elections_voting_day_idx ON elections (voting_day DESC, id DESC);

-- Stages may overlap (voting day lies inside counting and recapitulation); dates are calendar days
-- in the region's time zone, both ends included.
CREATE TABLE election_stages (
  election_id  uuid NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
  code         text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  position     smallint NOT NULL,
  starts_on    date NOT NULL,
  ends_on      date NOT NULL,
  -- [{category: report-category code | null, text: string | null}], in the order given.
  watch_items  jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(watch_items) = 'array'),
  PRIMARY KEY (election_id, code),
  UNIQUE (election_id, position),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX election_stages_days_idx ON election_stages (starts_on, ends_on);
