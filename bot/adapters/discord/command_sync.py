"""Slash commands are synced once per change, not once per process or per start.

Only the process holding shard 0 syncs (several processes share one bot), and only when the
command tree differs from the one synced last: its hash is kept in the store's key/value state,
shared by every process (SQLite or PostgreSQL). Discord limits command updates (200 a day per
guild and globally), and a global sync takes up to an hour to show everywhere, so syncing at every
start of every process would be wasteful and could be refused."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.services.ports import StateStore

log = logging.getLogger(__name__)


def state_key(application_id: int | None, guild_id: int | None) -> str:
    scope = f"guild:{guild_id}" if guild_id else "global"
    return f"discord.commands:{application_id}:{scope}"


async def tree_payload(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> list[dict[str, Any]]:
    """What `tree.sync(guild=guild)` would send to Discord."""
    commands = tree._get_all_commands(guild=guild)
    translator = tree.translator
    if translator:
        return [await command.get_translated_payload(tree, translator) for command in commands]
    return [command.to_dict(tree) for command in commands]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    state: StateStore,
    *,
    application_id: int | None,
    dev_guild_id: int | None,
) -> list[app_commands.AppCommand] | None:
    """Sync the tree (globally, or to the dev guild) when it changed since the last sync;
    returns what Discord stored, or None when nothing changed."""
    guild = discord.Object(id=dev_guild_id) if dev_guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = payload_hash(await tree_payload(tree, guild))
    key = state_key(application_id, dev_guild_id)
    if await state.get_state(key) == digest:
        log.info("slash commands unchanged since the last sync: not syncing")
        return None
    synced = await tree.sync(guild=guild)
    await state.set_state(key, digest)
    if guild is not None:
        log.info("synced %d commands to dev guild %s", len(synced), dev_guild_id)
    else:
        log.info("synced %d global commands (may take up to an hour to appear)", len(synced))
    return synced
