-- Derived state: recomputed by the pipeline from the raw documents and
-- saved as a whole snapshot. Foreign keys are deferred so a snapshot can
-- be written in any order and is checked when it commits.

CREATE TABLE stories (
	id  TEXT PRIMARY KEY,
	why TEXT NOT NULL DEFAULT 'null'       -- JSON: document id → reason
) STRICT;

CREATE TABLE documents (
	id             TEXT PRIMARY KEY,
	source         TEXT NOT NULL DEFAULT '',
	uri            TEXT NOT NULL DEFAULT '',
	url            TEXT NOT NULL DEFAULT '',
	published      TEXT,                   -- RFC 3339 UTC; NULL if unknown
	title          TEXT NOT NULL DEFAULT '',
	title_line     INTEGER NOT NULL DEFAULT 0,
	text           TEXT NOT NULL DEFAULT '',
	removed        TEXT NOT NULL DEFAULT 'null', -- JSON [{line, text, rule}]
	hash           TEXT NOT NULL DEFAULT '',
	source_lang    TEXT NOT NULL DEFAULT '', -- the language the source gave
	lang           TEXT NOT NULL DEFAULT '', -- the language analyze settled on
	sentences      TEXT NOT NULL DEFAULT 'null', -- JSON [{start, end, text}]
	anchors        TEXT NOT NULL DEFAULT 'null', -- JSON [{kind, key, surface, start, end}]
	relation_type  TEXT NOT NULL DEFAULT '',
	relation_of    TEXT NOT NULL DEFAULT '',
	relation_score REAL NOT NULL DEFAULT 0,
	relation_why   TEXT NOT NULL DEFAULT '',
	story          TEXT REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED -- NULL if none
) STRICT;

CREATE INDEX documents_story ON documents (story);
CREATE INDEX documents_relation_of ON documents (relation_of) WHERE relation_of <> '';
CREATE INDEX documents_hash ON documents (hash);

CREATE TABLE story_documents (
	story    TEXT NOT NULL REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
	document TEXT NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	position INTEGER NOT NULL,             -- order within the story
	PRIMARY KEY (story, document)
) STRICT;

CREATE INDEX story_documents_document ON story_documents (document);

CREATE TABLE incidents (
	id         TEXT PRIMARY KEY,
	story      TEXT REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED, -- NULL if none
	record     TEXT NOT NULL,              -- JSON model.Incident
	updated_at TEXT NOT NULL               -- RFC 3339 UTC, when record last changed
) STRICT;

CREATE INDEX incidents_story ON incidents (story);
