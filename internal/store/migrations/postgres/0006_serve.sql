-- What `casefile serve` keeps: API tokens (only their SHA-256), the
-- watch-list of names with the webhooks to tell, and a counter that every
-- snapshot save increments so a server can see cheaply that the derived
-- state changed.
CREATE TABLE api_tokens (
	name       text PRIMARY KEY,
	hash       text NOT NULL UNIQUE,        -- hex SHA-256 of the token
	created_at timestamptz NOT NULL
);

CREATE TABLE watchlist (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             text NOT NULL,         -- provider, product, vendor or victim name
	webhook          text NOT NULL,         -- http(s) URL to POST to
	created_at       timestamptz NOT NULL,
	notified_through timestamptz NOT NULL,  -- incidents updated after this time are still to tell
	UNIQUE (name, webhook)
);

CREATE TABLE snapshot_version (
	id       integer PRIMARY KEY CHECK (id = 1),
	version  bigint NOT NULL,
	saved_at timestamptz                    -- NULL before the first save
);

INSERT INTO snapshot_version (id, version, saved_at) VALUES (1, 0, NULL);
