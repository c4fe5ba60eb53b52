-- Readiness checklists (C8): per region, election stage and area, items with an owner, a status and evidence.
CREATE TABLE readiness_checklists (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code    text NOT NULL REFERENCES regions (code),
  region_path    ltree NOT NULL,
  election_id    uuid NOT NULL,
  stage_code     text NOT NULL,
  template_code  text NOT NULL,
  created_by     uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (election_id, stage_code) REFERENCES election_stages (election_id, code),
  -- One checklist per region and stage: a second "create" is a conflict, not a copy.
  UNIQUE (election_id, stage_code, region_code)
);
CREATE INDEX readiness_checklists_region_idx ON readiness_checklists USING gist (region_path);

CREATE TABLE readiness_items (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  checklist_id       uuid NOT NULL REFERENCES readiness_checklists (id) ON DELETE CASCADE,
  area               text NOT NULL CHECK (area IN ('logistics', 'security', 'polling_stations', 'disaster')),
  position           integer NOT NULL,
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  status             text NOT NULL DEFAULT 'not_started'
                       CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
  owner_institution  text CHECK (length(owner_institution) BETWEEN 1 AND 200),
  owner_user_id      uuid REFERENCES users (id),
  -- The owner's name when assigned, so the item reads without reaching into the users module.
  owner_user_name    text,
  evidence_note      text CHECK (length(evidence_note) BETWEEN 1 AND 4000),
  -- A file in the shared content-addressed store, by its SHA-256.
  evidence_sha256    text CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),
  evidence_mime      text,
  evidence_size      bigint,
  evidence_name      text,
  done_at            timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by_name    text,
  UNIQUE (checklist_id, position),
  CHECK ((status = 'done') = (done_at IS NOT NULL)),
  CHECK ((owner_user_id IS NULL) = (owner_user_name IS NULL)),
  CHECK ((evidence_sha256 IS NULL) = (evidence_mime IS NULL) AND (evidence_sha256 IS NULL) = (evidence_size IS NULL))
);
CREATE INDEX readiness_items_checklist_idx ON readiness_items (checklist_id, area, status);
