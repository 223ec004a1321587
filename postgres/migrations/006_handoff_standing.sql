-- A waiting person's place and expected wait are asked at every message they send
-- (postgres/postgresHandoffQueue.ts `standing`): the latest resolved cases by when they ended, without
-- reading every case kept. Timestamps are ISO strings, compared byte by byte.
CREATE INDEX handoff_cases_resolved_by_end ON handoff_cases (((body->>'endedAt') COLLATE "C") DESC) WHERE status = 'resolved';
