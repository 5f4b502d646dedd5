-- Opt-in role pings: a channel subscription may name one role to ping; each outbox row keeps the
-- roles of the subscriptions it was made for, decided in the transaction that stored the event.
ALTER TABLE subscriptions ADD COLUMN ping_role_id TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN ping_role_ids TEXT NOT NULL DEFAULT '';
