-- Coordination meetings (C5): legal bases, meetings, participants, decisions, follow-ups with their
-- evidence and reminders, and attachments.

-- Laws and regulations cited as a meeting's legal basis, picked from a shared list.
CREATE TABLE legal_bases (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('UU', 'Perppu', 'PP', 'Perpres', 'Inpres', 'Permendagri',
                 'Kepmendagri', 'PKPU', 'Perbawaslu', 'Perda', 'Pergub', 'Perbup', 'Perwali', 'other')),
  number       text NOT NULL,
  year         smallint NOT NULL CHECK (year BETWEEN 1945 AND 2100),
  title        text NOT NULL,
  -- Regional regulations belong to one region; national ones (region NULL) are seen by everyone.
  region_code  text REFERENCES regions (code),
  region_path  ltree,
  created_by   uuid REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((region_code IS NULL) = (region_path IS NULL))
);
CREATE UNIQUE INDEX legal_bases_citation_idx ON legal_bases (kind, lower(number), year, COALESCE(region_code, ''));

INSERT INTO legal_bases (kind, number, year, title) VALUES
  ('UU', '23', 2014, 'Pemerintahan Daerah'),
  ('UU', '7', 2012, 'Penanganan Konflik Sosial'),
  ('PP', '2', 2015, 'Peraturan Pelaksanaan Undang-Undang Nomor 7 Tahun 2012 tentang Penanganan Konflik Sosial'),
  ('Permendagri', '42', 2015, 'Pelaksanaan Koordinasi Penanganan Konflik Sosial'),
  ('UU', '7', 2017, 'Pemilihan Umum'),
  ('UU', '10', 2016, 'Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota Menjadi Undang-Undang');

CREATE TABLE meetings (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code       text NOT NULL REFERENCES regions (code),
  region_path       ltree NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('rakor', 'dialog', 'monitoring', 'virtual_briefing', 'other')),
  title             text NOT NULL,
  theme             text,
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz CHECK (ends_at IS NULL OR ends_at >= starts_at),
  venue             text,
  link              text,
  agenda            jsonb NOT NULL DEFAULT '[]'::jsonb,
  summary           text,
  chair_name        text,
  chair_position    text,
  -- A registered chair receives the escalations of overdue follow-ups.
  chair_user_id     uuid REFERENCES users (id),
  minutes_taker_name     text,
  minutes_taker_position text,
  organizer         text,
  created_by        uuid REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_region_path_idx ON meetings USING gist (region_path);
CREATE INDEX meetings_starts_idx ON meetings (starts_at DESC, id DESC);

CREATE TABLE meeting_legal_bases (
  meeting_id      uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  legal_basis_id  uuid NOT NULL REFERENCES legal_bases (id),
  position        smallint NOT NULL,
  PRIMARY KEY (meeting_id, legal_basis_id)
);

CREATE TABLE meeting_participants (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id           uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  -- Order of entry, the order of the attendance list.
  seq                  bigserial NOT NULL,
  name                 text NOT NULL,
  position             text NOT NULL,
  institution          text NOT NULL,
  -- Whom this person stands in for ("Plt. Bupati Tanjung Jabung Timur").
  representing         text,
  attended             boolean NOT NULL DEFAULT false,
  user_id              uuid REFERENCES users (id),
  invitation_sent_at   timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_participants_meeting_idx ON meeting_participants (meeting_id, seq);
CREATE INDEX meeting_participants_user_idx ON meeting_participants (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE meeting_decisions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  number      integer NOT NULL,
  text        text NOT NULL,
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, number)
);

CREATE TABLE follow_ups (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  decision_id           uuid NOT NULL REFERENCES meeting_decisions (id) ON DELETE CASCADE,
  meeting_id            uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  -- Order of entry within the decision.
  seq                   bigserial NOT NULL,
  -- The meeting's region, repeated so lists filter by scope without a join.
  region_code           text NOT NULL REFERENCES regions (code),
  region_path           ltree NOT NULL,
  title                 text NOT NULL,
  assignee_institution  text,
  assignee_user_id      uuid REFERENCES users (id),
  due_on                date NOT NULL,
  -- The end of due_on in the region's zone: past it an unfinished follow-up is overdue.
  due_at                timestamptz NOT NULL,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
  drop_reason           text,
  completed_at          timestamptz,
  created_by            uuid REFERENCES users (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (assignee_institution IS NOT NULL OR assignee_user_id IS NOT NULL),
  CHECK (status <> 'dropped' OR drop_reason IS NOT NULL)
);
CREATE INDEX follow_ups_region_path_idx ON follow_ups USING gist (region_path);
CREATE INDEX follow_ups_due_idx ON follow_ups (due_on, id);
CREATE INDEX follow_ups_decision_idx ON follow_ups (decision_id);
CREATE INDEX follow_ups_meeting_idx ON follow_ups (meeting_id);
CREATE INDEX follow_ups_assignee_user_idx ON follow_ups (assignee_user_id) WHERE assignee_user_id IS NOT NULL;
CREATE INDEX follow_ups_unfinished_due_idx ON follow_ups (due_at) WHERE status IN ('open', 'in_progress');

CREATE TABLE follow_up_evidence (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  follow_up_id  uuid NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
  text          text,
  file_sha256   text,
  file_name     text,
  file_mime     text,
  file_size     bigint,
  created_by    uuid REFERENCES users (id),
  created_by_name text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (text IS NOT NULL OR file_sha256 IS NOT NULL)
);
CREATE INDEX follow_up_evidence_follow_up_idx ON follow_up_evidence (follow_up_id, created_at);

-- One row per reminder a follow-up is due to get. A pg-boss job fires it; the row says whether it has
-- been handled, so a reminder is sent at most once however many jobs or processes reach it.
CREATE TABLE follow_up_reminders (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  follow_up_id    uuid NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('before_3d', 'before_1d', 'escalation')),
  -- The due date the reminder was computed for: a changed due date gets new reminders.
  due_on          date NOT NULL,
  fire_at         timestamptz NOT NULL,
  -- Past this instant the reminder is pointless (a later one, or the deadline, has come).
  stale_at        timestamptz,
  handled_at      timestamptz,
  outcome         text CHECK (outcome IN ('sent', 'cancelled', 'stale', 'no_recipient', 'mail_disabled')),
  recipients      text[],
  last_enqueued_at timestamptz,
  UNIQUE (follow_up_id, kind, due_on)
);
CREATE INDEX follow_up_reminders_pending_idx ON follow_up_reminders (fire_at) WHERE handled_at IS NULL;

CREATE TABLE meeting_attachments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id  uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('invitation', 'material', 'photo', 'other')),
  name        text NOT NULL,
  sha256      text NOT NULL,
  mime        text NOT NULL,
  size        bigint NOT NULL,
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_attachments_meeting_idx ON meeting_attachments (meeting_id, created_at);
