-- The built-in Direct Line and the staff console's live feed, shared by every instance: Web Chat's
-- conversations and their activities, the files attached in them, the secret its tokens and the
-- connector secret derive from, and the feed's events (channels/web/directLine/ and staff/ keep them
-- in memory and DATA_DIR without DATABASE_URL).

-- A conversation: whose it is, the next activity's position (the watermark a client reads to), the
-- bytes its kept activities take (bounded per conversation), and when it was last used (idle ones go).
CREATE TABLE directline_conversations (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  locale      text,
  started     boolean NOT NULL DEFAULT false,
  next_position bigint NOT NULL DEFAULT 0,
  bytes       bigint NOT NULL DEFAULT 0,
  last_active timestamptz NOT NULL
);
CREATE INDEX directline_conversations_by_last_active ON directline_conversations (last_active);

-- Its activities as a client receives them; the oldest are deleted past the conversation's bounds.
CREATE TABLE directline_activities (
  conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  position        bigint NOT NULL,
  bytes           integer NOT NULL,
  body            jsonb NOT NULL,
  PRIMARY KEY (conversation_id, position)
);

-- Files attached in Web Chat, served back at their attachment URL; they go with their conversation.
CREATE TABLE directline_uploads (
  conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  file_id         text NOT NULL,
  name            text NOT NULL,
  content_type    text NOT NULL,
  content         bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, file_id)
);

-- Secrets every instance must hold the same, created once by the first instance that needs one
-- (postgres/sharedSecret.ts). Readable by whoever can read the database, as the rest of it is.
CREATE TABLE shared_secrets (
  name   text PRIMARY KEY,
  secret bytea NOT NULL
);

-- The staff console's live feed: each event once, its id sent with NOTIFY to every instance, which
-- reads it here (an event may be larger than a NOTIFY payload may be). Kept minutes, not longer.
CREATE TABLE staff_feed_events (
  id   bigserial PRIMARY KEY,
  body jsonb NOT NULL,
  at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_feed_events_by_at ON staff_feed_events (at);
