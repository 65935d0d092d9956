-- Feed polling state: the validators of each feed's last answer (for
-- conditional requests) and the items already read, so that a poll
-- yields new items only.
CREATE TABLE feed (
	url           text PRIMARY KEY,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	polled_at     timestamptz NOT NULL
);

CREATE TABLE feed_item (
	feed    text NOT NULL,
	item    text NOT NULL,                  -- guid, else link, else a hash of title and date
	seen_at timestamptz NOT NULL,
	PRIMARY KEY (feed, item)
);
