-- Recurring obligations ("report every month"): a template task whose periods become tasks of their own.
ALTER TABLE tasks ADD COLUMN recurrence_units text[];
ALTER TABLE tasks ADD COLUMN recurrence_of text REFERENCES tasks (id);
ALTER TABLE tasks ADD COLUMN period_key text;
CREATE UNIQUE INDEX tasks_period ON tasks (recurrence_of, period_key) WHERE recurrence_of IS NOT NULL;
