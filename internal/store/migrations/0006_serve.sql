-- What `casefile serve` keeps: API tokens (only their SHA-256), the
-- watch-list of names with the webhooks to tell, and a counter that every
-- snapshot save increments so a server can see cheaply that the derived
-- state changed.
CREATE TABLE api_tokens (
	name       TEXT PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the token
	created_at TEXT NOT NULL               -- RFC 3339 UTC
) STRICT;

CREATE TABLE watchlist (
	id               INTEGER PRIMARY KEY,
	name             TEXT NOT NULL,        -- provider, product, vendor or victim name
	webhook          TEXT NOT NULL,        -- http(s) URL to POST to
	created_at       TEXT NOT NULL,        -- RFC 3339 UTC
	notified_through TEXT NOT NULL,        -- incidents updated after this time are still to tell
	UNIQUE (name, webhook)
) STRICT;

CREATE TABLE snapshot_version (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	version  INTEGER NOT NULL,
	saved_at TEXT                          -- RFC 3339 UTC; NULL before the first save
) STRICT;

INSERT INTO snapshot_version (id, version, saved_at) VALUES (1, 0, NULL);
