-- Raw inputs as the sources read them. Idempotent ingest: a document is
-- keyed by its id and carries the SHA-256 of its body.
CREATE TABLE raw (
	id           TEXT PRIMARY KEY,
	hash         TEXT NOT NULL,            -- hex SHA-256 of body
	source       TEXT NOT NULL DEFAULT '',
	uri          TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT '',
	published    TEXT,                     -- RFC 3339 UTC; NULL if unknown
	lang         TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	body         BLOB NOT NULL,
	stored_at    TEXT NOT NULL             -- RFC 3339 UTC
) STRICT;

CREATE INDEX raw_hash ON raw (hash);
CREATE INDEX raw_url ON raw (url) WHERE url <> '';
