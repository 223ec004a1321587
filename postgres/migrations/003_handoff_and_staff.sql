-- The handoff desk and the staff side, shared by every instance: cases, transcripts, staff accounts
-- and their sessions (as staff/ and bot/ keep them in files and memory without DATABASE_URL).

-- Handoff cases, whole as staff/handoffQueue.ts validates them; seq keeps the order they were added in.
CREATE TABLE handoff_cases (
  id              text PRIMARY KEY,
  seq             bigserial NOT NULL,
  conversation_id text NOT NULL,
  status          text NOT NULL,
  body            jsonb NOT NULL
);
CREATE INDEX handoff_cases_by_conversation ON handoff_cases (conversation_id, seq DESC);
CREATE INDEX handoff_cases_by_status ON handoff_cases (status, seq);

-- Transcripts: the message text of each conversation, in order, for staff taking a handoff.
CREATE TABLE transcript_lines (
  id              bigserial PRIMARY KEY,
  conversation_id text NOT NULL,
  at              timestamptz NOT NULL,
  speaker         text NOT NULL,
  text            text NOT NULL,
  logged_at       timestamptz NOT NULL
);
CREATE INDEX transcript_lines_by_conversation ON transcript_lines (conversation_id, id);
CREATE INDEX transcript_lines_by_logged ON transcript_lines (logged_at);

-- Staff accounts (a scrypt hash of the password, never the password).
CREATE TABLE staff_agents (
  username     text PRIMARY KEY,
  display_name text NOT NULL,
  supervisor   boolean NOT NULL,
  password     text NOT NULL,
  created_at   timestamptz NOT NULL
);

-- Signed-in staff: the SHA-256 of the session cookie's token (the token itself is only in the cookie).
CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  agent      jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);
