"""Subscriptions: who wants to hear about which platform, on which medium."""

from __future__ import annotations

from bot.adapters.store.sql import Engine, Row
from bot.domain.models import Medium, Subscription
from bot.domain.timeutil import iso


def subscription_from_row(row: Row) -> Subscription:
    return Subscription(
        id=row["id"],
        medium=Medium(row["medium"]),
        target=row["target"],
        platform_id=row["platform_id"],
        only_ai_changes=bool(row["only_ai_changes"]),
        guild_id=row["guild_id"],
        active=bool(row["active"]),
        created_at=row["created_at"],
        disabled_reason=row["disabled_reason"],
        ping_role_id=row["ping_role_id"],
    )


class SubscriptionRepository:
    database: Engine

    async def add_subscription(self, sub: Subscription) -> tuple[Subscription, bool]:
        key = (sub.medium.value, sub.target, sub.platform_id)
        now = iso(self.database.clock.now())
        async with self.database.transaction() as db:
            row = await db.fetchone(
                "SELECT * FROM subscriptions WHERE medium = ? AND target = ? AND platform_id = ?",
                key,
            )
            if row is not None and row["active"]:
                same = (
                    bool(row["only_ai_changes"]) == sub.only_ai_changes
                    and row["ping_role_id"] == sub.ping_role_id
                )
                if not same:
                    await db.execute(
                        "UPDATE subscriptions SET only_ai_changes = ?, ping_role_id = ?"
                        " WHERE id = ?",
                        (int(sub.only_ai_changes), sub.ping_role_id, row["id"]),
                    )
                created = not same
            elif row is not None:
                await db.execute(
                    "UPDATE subscriptions SET active = 1, disabled_reason = '',"
                    " only_ai_changes = ?, guild_id = ?, ping_role_id = ? WHERE id = ?",
                    (int(sub.only_ai_changes), sub.guild_id, sub.ping_role_id, row["id"]),
                )
                created = True
            else:
                await db.execute(
                    "INSERT INTO subscriptions (medium, target, platform_id, only_ai_changes,"
                    " guild_id, created_at, ping_role_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        *key,
                        int(sub.only_ai_changes),
                        sub.guild_id,
                        now,
                        sub.ping_role_id,
                    ),
                )
                created = True
            stored = await db.fetchone(
                "SELECT * FROM subscriptions WHERE medium = ? AND target = ? AND platform_id = ?",
                key,
            )
        assert stored is not None
        return subscription_from_row(stored), created

    async def remove_subscription(self, medium: Medium, target: str, platform_id: str) -> bool:
        async with self.database.transaction() as db:
            changed = await db.execute(
                "UPDATE subscriptions SET active = 0, disabled_reason = 'unsubscribed'"
                " WHERE medium = ? AND target = ? AND platform_id = ? AND active = 1",
                (medium.value, target, platform_id),
            )
            return changed > 0

    async def subscriptions_for(self, medium: Medium, target: str) -> list[Subscription]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM subscriptions WHERE medium = ? AND target = ? AND active = 1"
            " ORDER BY platform_id",
            (medium.value, target),
        )
        return [subscription_from_row(row) for row in rows]

    async def active_subscriptions(self, medium: Medium | None = None) -> list[Subscription]:
        query = "SELECT * FROM subscriptions WHERE active = 1"
        args: tuple[str, ...] = ()
        if medium is not None:
            query += " AND medium = ?"
            args = (medium.value,)
        rows = await self.database.sql.fetchall(query + " ORDER BY id", args)
        return [subscription_from_row(row) for row in rows]

    async def remove_subscriptions_where(
        self,
        *,
        guild_id: str | None = None,
        medium: Medium | None = None,
        target: str | None = None,
    ) -> int:
        clauses, args = ["active = 1"], []
        if guild_id is not None:
            clauses.append("guild_id = ?")
            args.append(guild_id)
        if medium is not None:
            clauses.append("medium = ?")
            args.append(medium.value)
        if target is not None:
            clauses.append("target = ?")
            args.append(target)
        if len(clauses) == 1:
            raise ValueError("refusing to remove every subscription: give guild, medium or target")
        async with self.database.transaction() as db:
            removed = await db.execute(
                "UPDATE subscriptions SET active = 0, disabled_reason = 'removed'"
                f" WHERE {' AND '.join(clauses)}",
                args,
            )
            # Nothing more will reach a removed target: retire its undelivered outbox rows.
            await db.execute(
                "UPDATE deliveries SET status = 'disabled', last_error = 'subscription removed'"
                " WHERE status IN ('pending', 'retry') AND subscription_id IN"
                " (SELECT id FROM subscriptions WHERE active = 0)"
            )
        return removed
