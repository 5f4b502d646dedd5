-- The typed outcome of each outbox row's last attempt (a bot.domain.models.SendOutcome value;
-- '' before the first). A target that refuses us (Discord 403/404) is disabled only when the
-- previous attempt was refused too: that used to be read from the start of last_error.
ALTER TABLE deliveries ADD COLUMN last_outcome TEXT NOT NULL DEFAULT '';

-- Rows waiting to confirm a refusal when the bot was upgraded keep their place in the rule.
UPDATE deliveries SET last_outcome = 'refused'
 WHERE status = 'retry' AND medium IN ('discord_channel', 'discord_dm')
   AND (last_error LIKE 'HTTP 403%' OR last_error LIKE 'HTTP 404%');
