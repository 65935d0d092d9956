-- Raw inputs as the sources read them. Idempotent ingest: a document is
-- keyed by its id and carries the SHA-256 of its body. Keys sort in byte
-- order (COLLATE "C"), as in SQLite, so both stores list the same order.
CREATE TABLE raw (
	id           text COLLATE "C" PRIMARY KEY,
	hash         text NOT NULL,            -- hex SHA-256 of body
	source       text NOT NULL DEFAULT '',
	uri          text NOT NULL DEFAULT '',
	title        text NOT NULL DEFAULT '',
	url          text NOT NULL DEFAULT '',
	published    timestamptz,              -- NULL if unknown
	lang         text NOT NULL DEFAULT '',
	content_type text NOT NULL DEFAULT '',
	body         bytea NOT NULL,
	stored_at    timestamptz NOT NULL
);

CREATE INDEX raw_hash ON raw (hash);
CREATE INDEX raw_url ON raw (url) WHERE url <> '';
