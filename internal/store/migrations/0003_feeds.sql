-- Feed polling state: the validators of each feed's last answer (for
-- conditional requests) and the items already read, so that a poll
-- yields new items only.
CREATE TABLE feed (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	polled_at     TEXT NOT NULL             -- RFC 3339 UTC
) STRICT;

CREATE TABLE feed_item (
	feed    TEXT NOT NULL,
	item    TEXT NOT NULL,                  -- guid, else link, else a hash of title and date
	seen_at TEXT NOT NULL,                  -- RFC 3339 UTC
	PRIMARY KEY (feed, item)
) STRICT;
