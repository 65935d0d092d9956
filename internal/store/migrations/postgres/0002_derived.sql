-- Derived state: recomputed by the pipeline from the raw documents and
-- saved as a whole snapshot. Foreign keys are deferred so a snapshot can
-- be written in any order and is checked when it commits. JSON columns
-- are jsonb, so that they can be queried.

CREATE TABLE stories (
	id  text COLLATE "C" PRIMARY KEY,
	why jsonb NOT NULL DEFAULT 'null'       -- document id → reason
);

CREATE TABLE documents (
	id             text COLLATE "C" PRIMARY KEY,
	source         text NOT NULL DEFAULT '',
	uri            text NOT NULL DEFAULT '',
	url            text NOT NULL DEFAULT '',
	published      timestamptz,             -- NULL if unknown
	title          text NOT NULL DEFAULT '',
	title_line     integer NOT NULL DEFAULT 0,
	text           text NOT NULL DEFAULT '',
	removed        jsonb NOT NULL DEFAULT 'null', -- [{line, text, rule}]
	hash           text NOT NULL DEFAULT '',
	source_lang    text NOT NULL DEFAULT '', -- the language the source gave
	lang           text NOT NULL DEFAULT '', -- the language analyze settled on
	sentences      jsonb NOT NULL DEFAULT 'null', -- [{start, end, text}]
	anchors        jsonb NOT NULL DEFAULT 'null', -- [{kind, key, surface, start, end}]
	relation_type  text NOT NULL DEFAULT '',
	relation_of    text NOT NULL DEFAULT '',
	-- SQLite refuses NaN in a REAL column; PostgreSQL would keep it.
	relation_score double precision NOT NULL DEFAULT 0
		CHECK (relation_score NOT IN ('NaN', 'Infinity', '-Infinity')),
	relation_why   text NOT NULL DEFAULT '',
	story          text COLLATE "C" REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED -- NULL if none
);

CREATE INDEX documents_story ON documents (story);
CREATE INDEX documents_relation_of ON documents (relation_of) WHERE relation_of <> '';
CREATE INDEX documents_hash ON documents (hash);

CREATE TABLE story_documents (
	story    text COLLATE "C" NOT NULL REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED,
	document text COLLATE "C" NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	position integer NOT NULL,             -- order within the story
	PRIMARY KEY (story, document)
);

CREATE INDEX story_documents_document ON story_documents (document);

CREATE TABLE incidents (
	id         text COLLATE "C" PRIMARY KEY,
	story      text COLLATE "C" REFERENCES stories (id) DEFERRABLE INITIALLY DEFERRED, -- NULL if none
	record     jsonb NOT NULL,              -- model.Incident
	updated_at timestamptz NOT NULL         -- when record last changed
);

CREATE INDEX incidents_story ON incidents (story);
