-- Lists are ordered by (due_on, workflow_id) and filtered by unit, status or directive: an index per filter in
-- that order lets a page read its rows in order instead of sorting every match (bench/: list at 100k).
CREATE INDEX assignments_unit_due ON assignments (unit_code, due_on, workflow_id);
CREATE INDEX assignments_status_due ON assignments (status, due_on, workflow_id);
CREATE INDEX assignments_directive_due ON assignments (directive_id, due_on, workflow_id);
