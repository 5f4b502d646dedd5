-- The hash of the last fetched body as bytes: an identical body skips extraction entirely
-- (many terms pages send no ETag or Last-Modified).
ALTER TABLE documents ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
