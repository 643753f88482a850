-- One task's assignments in list order (the dashboard's task grid, GET /v1/assignments?task=…, its sub-assignments):
-- without it the planner walks assignments_due (due_on, workflow_id) over every task and filters, 42,000 index
-- entries read for 51 rows at 100,000 assignments (15.9 ms, 1,388 buffers); with it the page is read in order
-- (0.11 ms, 12 buffers). Plans: docs/read-path-profile.md.
CREATE INDEX IF NOT EXISTS assignments_task_due ON assignments (task_id, due_on, workflow_id);
