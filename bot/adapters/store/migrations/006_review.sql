-- Operator review of low-confidence changes: an event can be held; its outbox rows wait as 'held'.
ALTER TABLE events ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN reviewed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
-- Where the review prompt was posted (e.g. "discord:<channel>:<message>"), once it was.
ALTER TABLE events ADD COLUMN review_prompt TEXT NOT NULL DEFAULT '';
CREATE INDEX events_by_review ON events (review) WHERE review != '';
