-- Stories record the merges that formed them: which stories became one,
-- through which document, and why (JSON [{into, from, story, by, score, why}]).
ALTER TABLE stories ADD COLUMN merges TEXT NOT NULL DEFAULT 'null';
