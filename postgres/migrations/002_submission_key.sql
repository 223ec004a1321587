-- Idempotent submission: the key a form's submission carries (requests/requestService.ts), unique,
-- so the same form sent twice (a retried turn, a second instance) is stored once.
ALTER TABLE requests ADD COLUMN submission_key text;
CREATE UNIQUE INDEX requests_by_submission_key ON requests (submission_key) WHERE submission_key IS NOT NULL;
