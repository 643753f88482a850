-- The national read path (issue 32, bench/ read section at 1,000,000 assignments).
-- The directive list pages directives newest first (ORDER BY issued_on DESC, id, 10 a page) and, for a caller who does
-- not see every unit, keeps only those with an assignment they see (EXISTS per directive). Without an ordered index
-- Postgres probed every directive's assignments and sorted after (451 probes, 24.5 ms for a leader at 1,000,000);
-- reading the directives in order it stops at the page's eleventh match (11 probes, 0.9 ms).
CREATE INDEX IF NOT EXISTS directives_issued ON directives (issued_on DESC, id);
