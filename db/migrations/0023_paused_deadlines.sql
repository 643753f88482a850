-- Paused deadlines (issue 35): the pause in force on an assignment ({at, reason, by}), null while its clock runs.
-- The moves a resumed pause made are kept with the extensions' in due_date_changes.
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS paused jsonb;
