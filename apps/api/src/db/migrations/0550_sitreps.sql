-- Situation reports (C9): compiled from the data of a region for a period, edited while a draft,
-- then submitted to the parent region. A submitted sitrep never changes; a newer version supersedes it.
CREATE TABLE sitreps (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code    text NOT NULL REFERENCES regions (code),
  region_path    ltree NOT NULL,
  -- Where it is sent: the province of a regency, 'ID' (the ministry) for a province.
  parent_code    text NOT NULL,
  period_start   date NOT NULL,
  period_end     date NOT NULL CHECK (period_end >= period_start),
  version        integer NOT NULL CHECK (version >= 1),
  status         text NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'submitted', 'acknowledged', 'returned', 'superseded')),
  figures        jsonb NOT NULL,
  narrative      text NOT NULL DEFAULT '',
  supersedes     uuid REFERENCES sitreps (id),
  created_by     uuid NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  submitted_by   uuid REFERENCES users (id),
  submitted_at   timestamptz,
  reviewed_by    uuid REFERENCES users (id),
  reviewed_at    timestamptz,
  review_note    text,
  UNIQUE (region_code, period_start, period_end, version)
);
CREATE INDEX sitreps_region_path_idx ON sitreps USING gist (region_path);
CREATE INDEX sitreps_inbox_idx ON sitreps (parent_code, period_end DESC) WHERE status <> 'draft';

-- Once submitted, the content is frozen: only the status and review fields may change.
CREATE FUNCTION sitreps_frozen_after_submit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.figures IS DISTINCT FROM OLD.figures OR NEW.narrative IS DISTINCT FROM OLD.narrative
      OR NEW.period_start IS DISTINCT FROM OLD.period_start OR NEW.period_end IS DISTINCT FROM OLD.period_end
      OR NEW.region_code IS DISTINCT FROM OLD.region_code OR NEW.version IS DISTINCT FROM OLD.version) THEN
    RAISE EXCEPTION 'a submitted sitrep cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER sitreps_frozen_after_submit BEFORE UPDATE ON sitreps
  FOR EACH ROW EXECUTE FUNCTION sitreps_frozen_after_submit();
CREATE FUNCTION sitreps_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'a submitted sitrep cannot be deleted'; END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER sitreps_never_deleted BEFORE DELETE ON sitreps
  FOR EACH ROW EXECUTE FUNCTION sitreps_never_deleted();
