-- A task's due date resolved on a year with no official calendar yet (the statutory forecast) records the years it
-- rests on; its assignments read as provisional until every one of those years has an official schedule loaded
-- (calendar_years) or their due date is moved (an extension, a re-plan). Empty: it rests on official days only.
ALTER TABLE tasks ADD COLUMN provisional_years smallint[] NOT NULL DEFAULT '{}';
