-- The platform directory kept in the database: services and documents discovered in Open Terms
-- Archive collections (next to the curated ones from config.yaml), and people's requests for
-- platforms to track.
CREATE TABLE discovered_documents (
    id INTEGER PRIMARY KEY,
    platform_id TEXT NOT NULL,
    service TEXT NOT NULL,
    terms_type TEXT NOT NULL,
    collection TEXT NOT NULL,
    path TEXT NOT NULL,
    url TEXT NOT NULL,
    blob_sha TEXT NOT NULL DEFAULT '',
    commit_sha TEXT NOT NULL DEFAULT '',
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (collection, path)
);
CREATE INDEX discovered_by_platform ON discovered_documents (platform_id);

CREATE TABLE platform_requests (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    medium TEXT NOT NULL,
    requester TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL
);
CREATE INDEX platform_requests_by_requester ON platform_requests (medium, requester, created_at);
