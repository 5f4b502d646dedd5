-- Bluesky: handled notifications, posted announcements, DM-refused mention fallbacks, write points.

-- One row per mention/reply notification the bot has taken on. A row is written BEFORE the
-- notification is marked seen; status 'done' once the reply exists.
CREATE TABLE bluesky_notifications (
    uri TEXT PRIMARY KEY,
    cid TEXT NOT NULL,
    author_did TEXT NOT NULL,
    reason TEXT NOT NULL,
    indexed_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    intent TEXT NOT NULL DEFAULT '',
    reply_uri TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    handled_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bluesky_notifications_pending ON bluesky_notifications (status);

-- The root post of the announcement thread of each event (replies with mentions go under it).
CREATE TABLE bluesky_announcements (
    event_id INTEGER PRIMARY KEY,
    uri TEXT NOT NULL,
    cid TEXT NOT NULL,
    posted_at TEXT NOT NULL
);

-- Subscribers whose DMs were refused: mentioned in replies under the announcement, a few per post.
CREATE TABLE bluesky_mention_fallback (
    event_id INTEGER NOT NULL,
    did TEXT NOT NULL,
    batch INTEGER,
    posted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, did)
);

-- Write points spent (create 3, update 2, delete 1), for the hourly and daily budgets.
CREATE TABLE bluesky_writes (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    points INTEGER NOT NULL
);
CREATE INDEX bluesky_writes_at ON bluesky_writes (at);
