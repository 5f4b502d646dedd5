-- Each snapshot's analysis, so comparing the next version with it does not normalise it and find
-- its clauses again (bot.domain.analysis): a JSON line (the classifier's version and the AI
-- clauses found), then the normalised text. '' (older snapshots, feed versions): recomputed.
ALTER TABLE snapshots ADD COLUMN analysis TEXT NOT NULL DEFAULT '';
