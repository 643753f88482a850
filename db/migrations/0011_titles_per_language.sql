-- Titles and summaries per language: `title`/`summary` are the Vietnamese (the document's own words),
-- `title_en`/`summary_en` the English rendering; readers see theirs, with the other as fallback.
ALTER TABLE directives ADD COLUMN title_en text, ADD COLUMN summary_en text;
ALTER TABLE tasks ADD COLUMN title_en text;

-- Directive titles stored before as "Vietnamese / English" in one string come apart.
UPDATE directives
SET title = split_part(title, ' / ', 1), title_en = substr(title, length(split_part(title, ' / ', 1)) + 4)
WHERE title_en IS NULL AND position(' / ' IN title) > 0;
