-- The first schema: every store the service keeps, as the embedded (lowdb, file) stores keep them.

-- Bot Framework conversation and user state (botbuilder's Storage): one row per key, with its eTag.
CREATE TABLE bot_state (
  key        text PRIMARY KEY,
  etag       text NOT NULL,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Request numbers: one sequence for every instance, so no two instances give the same number.
CREATE SEQUENCE request_number_seq AS bigint START 1;

-- Requests: the columns the look-ups and the staff API's filters need, and the whole request
-- (history included) as it is validated by requests/requestSchemas.ts.
CREATE TABLE requests (
  number       text PRIMARY KEY,
  national_id  text NOT NULL,
  mobile       text NOT NULL,
  status       text NOT NULL,
  category     text NOT NULL,
  created_at   timestamptz NOT NULL,
  submitted_on date NOT NULL,  -- the day it was submitted, in Riyadh
  due_date     date NOT NULL,
  body         jsonb NOT NULL
);
CREATE INDEX requests_by_person ON requests (national_id, mobile, created_at DESC);
CREATE INDEX requests_by_created ON requests (created_at DESC);
CREATE INDEX requests_by_status ON requests (status, created_at DESC);

-- Every status a request has had, in order (also kept in requests.body.history, which is what is read).
CREATE TABLE request_history (
  number  text NOT NULL REFERENCES requests (number) ON DELETE CASCADE,
  at      timestamptz NOT NULL,
  status  text NOT NULL,
  note    text,
  id      bigserial PRIMARY KEY
);
CREATE INDEX request_history_by_number ON request_history (number, id);

-- The SMS outbox: one row per message, for an operator or a gateway's agent to send.
CREATE TABLE sms_outbox (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  to_mobile      text NOT NULL,
  text           text NOT NULL,
  request_number text NOT NULL,
  sent_at        timestamptz
);
CREATE INDEX sms_outbox_unsent ON sms_outbox (id) WHERE sent_at IS NULL;

-- Failed tracking look-ups, per key, for the limiter's sliding window.
CREATE TABLE lookup_failures (
  key text NOT NULL,
  at  timestamptz NOT NULL
);
CREATE INDEX lookup_failures_by_key ON lookup_failures (key, at);

-- Files sent with requests: pending while their form is open, adopted once the request is stored.
CREATE TABLE attachments (
  id           uuid PRIMARY KEY,
  content_type text NOT NULL,
  bytes        integer NOT NULL,
  content      bytea NOT NULL,
  pending      boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_pending ON attachments (created_at) WHERE pending;
