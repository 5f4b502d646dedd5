-- Which extractor version made a snapshot's text from the page. After an extractor upgrade, a
-- page whose text differs only because of the new extraction is re-baselined silently instead of
-- being announced as changed. Page snapshots stored before this migration were made by the
-- trafilatura extractor; feed and replay versions (which have a version date) were not extracted.
ALTER TABLE snapshots ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
UPDATE snapshots SET extractor = 'trafilatura' WHERE version_date = '';
