-- Elected roles across processes sharing one database (watcher, fanout, bluesky): one lease
-- row per role. A process holds a role while expires_at (stamped by its injected clock) lies
-- ahead; it renews every heartbeat. `term` grows by one each time another process takes over.
CREATE TABLE IF NOT EXISTS role_leases (
    role TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    term INTEGER NOT NULL DEFAULT 1,
    acquired_at TEXT NOT NULL,
    renewed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- The global request limit shared by every process of one bot token (Discord: 50/s): requests
-- counted per time slot (a tenth of a second), reserved in batches.
CREATE TABLE IF NOT EXISTS rate_windows (
    bucket TEXT NOT NULL,
    slot INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (bucket, slot)
);
