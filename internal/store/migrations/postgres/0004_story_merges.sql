-- Stories record the merges that formed them: which stories became one,
-- through which document, and why ([{into, from, story, by, score, why}]).
ALTER TABLE stories ADD COLUMN merges jsonb NOT NULL DEFAULT 'null';
