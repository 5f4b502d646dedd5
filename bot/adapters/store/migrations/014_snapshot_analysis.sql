-- Each snapshot's analysis (its normalised text and the AI clauses found in it, JSON tagged with
-- the classifier's version: bot.domain.analysis), so comparing the next version with it does not
-- normalise it and find its clauses again. '' (older snapshots, feed versions): recomputed.
ALTER TABLE snapshots ADD COLUMN analysis TEXT NOT NULL DEFAULT '';
