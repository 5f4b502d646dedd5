-- Recording a change is idempotent: every snapshot names the snapshot it was compared with
-- (previous_id, NULL for a document's first version), and a snapshot has at most one successor.
-- Two checks that compared the same old version with the page (two cycles racing, a retry after
-- a failure) cannot both store a version, an event and outbox rows: the second insert conflicts
-- and stores nothing. Existing rows are chained in id order, which is how they were read.
ALTER TABLE snapshots ADD COLUMN previous_id INTEGER REFERENCES snapshots(id);

UPDATE snapshots SET previous_id = (
    SELECT MAX(p.id) FROM snapshots p
    WHERE p.document_id = snapshots.document_id AND p.id < snapshots.id
);

CREATE UNIQUE INDEX snapshots_one_successor ON snapshots (document_id, COALESCE(previous_id, 0));
