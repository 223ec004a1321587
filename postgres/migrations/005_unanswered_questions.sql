-- The questions the bot declined or answered with little confidence, masked before they get here
-- (knowledge/feedback/keptQuestion.ts: no digit runs, emails or introduced names), for the content
-- editors: one list for every instance (without DATABASE_URL, each keeps DATA_DIR/unanswered.jsonl).
-- Bounded in days and in rows by postgres/postgresUnansweredQuestions.ts's sweep.
CREATE TABLE unanswered_questions (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  language    text NOT NULL CHECK (language IN ('ar', 'en')),
  outcome     text NOT NULL CHECK (outcome IN ('declined', 'clarified', 'low-confidence')),
  confidence  real NOT NULL,
  text        text NOT NULL,
  -- The analysed terms, sorted: what groups questions of similar wording.
  wording_key text NOT NULL
);
CREATE INDEX unanswered_questions_by_at ON unanswered_questions (at);
