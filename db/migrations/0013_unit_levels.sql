-- Units below units: sub-units registered through the API (the shipped directory lives in data/units), and the
-- levels of assignments: a sub-assignment's parent, the holder units above it, and a task's lead and co-operating roles.

CREATE TABLE units (
  code               text PRIMARY KEY,
  name_vi            text NOT NULL,
  name_en            text NOT NULL,
  kind               text NOT NULL,
  parent_code        text,
  valid_from         date NOT NULL,
  valid_to           date,
  head_role          text NOT NULL,
  supervising_leader text NOT NULL,
  email              text,
  source             text,
  registered_by      text NOT NULL,
  registered_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent ON units (parent_code);

-- parent_workflow_id: the assignment this one was passed on from (null at the top level).
-- answers_to: the unit whose people hear what would go to the Government Office (the parent, or the lead unit).
-- ancestor_units: the holder units above, nearest last; they see the assignment.
-- role: 'lead' (also each unit of a group target) or 'cooperating' (a contribution to the lead unit).
ALTER TABLE assignments
  ADD COLUMN parent_workflow_id text,
  ADD COLUMN answers_to text,
  ADD COLUMN ancestor_units text[] NOT NULL DEFAULT '{}',
  ADD COLUMN role text NOT NULL DEFAULT 'lead',
  ADD COLUMN note text;
CREATE INDEX assignments_parent ON assignments (parent_workflow_id) WHERE parent_workflow_id IS NOT NULL;
CREATE INDEX assignments_ancestors ON assignments USING gin (ancestor_units);

-- How many working days before the lead's due date a co-operating unit delivers its contribution.
ALTER TABLE tasks ADD COLUMN contribution_lead_days integer NOT NULL DEFAULT 3;
