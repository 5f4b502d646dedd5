-- Feed progress per entry (not one "last seen" date per feed): an entry that keeps failing is
-- retried with backoff and finally skipped, and never holds back the entries after it.
-- entry_key: the entry's id/guid, or "link updated" when the id is only the link.
-- status: seen | superseded | failed | skipped (bot.services.ports.FeedEntryStatus).
CREATE TABLE feed_entries (
    feed_url TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);
CREATE INDEX feed_entries_by_status ON feed_entries (status, updated_at);
