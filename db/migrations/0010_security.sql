-- Idempotency keys expire (24 h) and are purged by age.
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
-- A calendar feed lives only as long as its creator's standing: the API token it was made with.
ALTER TABLE calendar_feeds ADD COLUMN IF NOT EXISTS token_id text;
CREATE INDEX IF NOT EXISTS calendar_feeds_principal ON calendar_feeds (principal_id, created_at);
-- Quotas count what a caller started in the last hour.
CREATE INDEX IF NOT EXISTS tasks_created_by ON tasks (created_by, created_at);
-- Web sessions listed per person, and how each was begun (token or one-time link).
ALTER TABLE web_sessions ADD COLUMN IF NOT EXISTS via text NOT NULL DEFAULT 'token';
CREATE INDEX IF NOT EXISTS web_sessions_person ON web_sessions (person_id, created_at);
