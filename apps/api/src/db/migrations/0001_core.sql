-- Core: regions (C1), accounts and sessions (C2), the audit chain.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE regions (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  level         smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  parent_code   text REFERENCES regions (code),
  -- Kemendagri codes are already dot-separated numeric labels, so the code is its own ltree path.
  path          ltree NOT NULL UNIQUE,
  timezone      text NOT NULL CHECK (timezone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
  search_name   text NOT NULL,
  compact_name  text NOT NULL
);
CREATE INDEX regions_parent_idx ON regions (parent_code, name);
CREATE INDEX regions_path_idx ON regions USING gist (path);
CREATE INDEX regions_search_trgm_idx ON regions USING gin (search_name gin_trgm_ops);
CREATE INDEX regions_compact_trgm_idx ON regions USING gin (compact_name gin_trgm_ops);

CREATE TABLE users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username         text NOT NULL UNIQUE,
  name             text NOT NULL,
  password_hash    text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'ministry', 'province_officer', 'regency_officer',
                     'forum_member', 'field_reporter', 'election_body', 'agency_head')),
  -- 'ID' and the empty path stand for the whole country (admin, ministry).
  scope_code       text NOT NULL,
  scope_path       ltree NOT NULL,
  institution      text,
  email            text,
  phone            text UNIQUE,
  active           boolean NOT NULL DEFAULT true,
  totp_secret      text,
  totp_enrolled_at timestamptz,
  totp_last_step   bigint,
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_scope_idx ON users USING gist (scope_path);

CREATE TABLE sessions (
  id_hash        bytea PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token     text NOT NULL,
  mfa_satisfied  boolean NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  ip             text,
  user_agent     text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Failed logins, counted per account and per address across every API process.
CREATE TABLE login_failures (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

-- Append-only audit log. Writers insert rows without a hash inside their own transaction (so no
-- request waits on a global lock); the chainer then gives committed rows their place in the chain
-- (chain_pos) and hash under an advisory lock, so concurrent writers can never fork the chain.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id     uuid,
  actor_label  text NOT NULL,
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text,
  region_path  ltree,
  changes      jsonb NOT NULL DEFAULT '{}'::jsonb,
  chain_pos    bigint UNIQUE,
  prev_hash    text,
  hash         text
);
CREATE INDEX audit_log_unchained_idx ON audit_log (id) WHERE chain_pos IS NULL;
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

CREATE TABLE audit_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_pos  bigint NOT NULL,
  hash       text NOT NULL
);
INSERT INTO audit_head (chain_pos, hash) VALUES (0, repeat('0', 64));

-- Rows are never changed or removed; only the chainer fills the chain columns, once.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  IF OLD.chain_pos IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.actor_label IS DISTINCT FROM OLD.actor_label
     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.entity_type IS DISTINCT FROM OLD.entity_type
     OR NEW.entity_id IS DISTINCT FROM OLD.entity_id OR NEW.changes IS DISTINCT FROM OLD.changes
     OR NEW.region_path IS DISTINCT FROM OLD.region_path THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
