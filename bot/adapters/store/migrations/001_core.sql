-- Core schema: platforms, documents, snapshots, events, subscriptions, the delivery outbox, state.
CREATE TABLE platforms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    platform_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_checked_at TEXT NOT NULL DEFAULT '',
    last_changed_at TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    failing INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    UNIQUE (platform_id, kind, url)
);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    verdict_json TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    version_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX snapshots_by_document ON snapshots (document_id, id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    platform_id TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    url TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    source TEXT NOT NULL,
    ai_relevant INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    change_json TEXT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    snapshot_id INTEGER REFERENCES snapshots(id)
);
CREATE INDEX events_by_platform ON events (platform_id, occurred_at);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    medium TEXT NOT NULL,
    target TEXT NOT NULL,
    platform_id TEXT NOT NULL,
    only_ai_changes INTEGER NOT NULL DEFAULT 1,
    guild_id TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (medium, target, platform_id)
);

-- The outbox: one row per event x subscribed target.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    medium TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    external_id TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, medium, target)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
