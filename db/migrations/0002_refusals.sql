-- A unit may decline an assignment as outside its remit; kept on the read model until the coordinator decides.
ALTER TABLE assignments ADD COLUMN refusal jsonb;
-- Progress roll-ups group by task and unit kind.
CREATE INDEX assignments_task_status ON assignments (task_id, status);
