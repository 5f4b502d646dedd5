"""How a post goes out, by channel kind: text channels get a message, forum channels a new post
(thread) titled '<Platform>: <what changed>', announcement channels a message that is then
published to the servers that follow the channel. Role pings are opt-in per subscription."""

from __future__ import annotations

import logging

import discord

from bot.adapters.discord.embeds import NO_PINGS, Post
from bot.domain.i18n import ENGLISH, N_, Translator
from bot.domain.models import Delivery, Medium, PolicyEvent
from bot.domain.present import forum_title

log = logging.getLogger(__name__)

ALREADY_CROSSPOSTED = 40033


def role_pings(delivery: Delivery) -> tuple[str | None, discord.AllowedMentions]:
    """(content, allowed mentions): exactly the subscription's roles, nobody else."""
    roles = [r for r in delivery.ping_role_ids if r.isdigit()]
    if delivery.medium is not Medium.DISCORD_CHANNEL or not roles:
        return None, NO_PINGS
    mentions = discord.AllowedMentions(
        everyone=False,
        users=False,
        replied_user=False,
        roles=[discord.Object(int(r)) for r in roles],
    )
    return " ".join(f"<@&{r}>" for r in roles), mentions


async def post_to_forum(
    forum: discord.ForumChannel,
    post: Post,
    event: PolicyEvent,
    platform_name: str,
    delivery: Delivery,
    content: str | None,
    mentions: discord.AllowedMentions,
    tr: Translator = ENGLISH,
) -> int:
    """A new forum post; returns its id. Forum posts take no nonce: a retry first looks for the
    post an earlier attempt may have made (same title, by the bot, in this forum, its starter
    message with the same embed: another event can have the same title)."""
    title = forum_title(event, platform_name, tr)
    if delivery.attempts > 1:
        earlier = await _earlier_post(forum, title, post.embed)
        if earlier is not None:
            log.info("forum %s already has post %s for delivery %s", forum.id, earlier, delivery.id)
            return earlier
    created = await forum.create_thread(
        name=title,
        content=content,
        embed=post.embed,
        file=post.file() or discord.utils.MISSING,
        allowed_mentions=mentions,
    )
    return created.thread.id


async def _earlier_post(
    forum: discord.ForumChannel, title: str, embed: discord.Embed
) -> int | None:
    # A forum fetched over REST (its guild on another process's shard) has no cached member.
    me = forum.guild.me.id if forum.guild.me else forum._state.self_id
    for thread in await forum.guild.active_threads():
        if thread.parent_id == forum.id and thread.name == title and thread.owner_id == me:
            try:  # a forum post's starter message has the thread's id
                starter = await thread.fetch_message(thread.id)
            except discord.NotFound:
                continue
            if any(_same_embed(found, embed) for found in starter.embeds):
                return thread.id
    return None


def _same_embed(found: discord.Embed, ours: discord.Embed) -> bool:
    """The same post: headline, document and date (footer), link."""
    return (found.title, found.url, found.footer.text) == (ours.title, ours.url, ours.footer.text)


async def publish(message: discord.Message, channel_id: int) -> None:
    """Crosspost to following servers; a failure here does not undo the post."""
    try:
        await message.publish()
    except discord.HTTPException as exc:
        if exc.code == ALREADY_CROSSPOSTED:
            return
        log.warning(
            "announcement channel %s: could not publish message %s: %s %s",
            channel_id,
            message.id,
            exc.status,
            exc.text[:200],
        )


def check_ping_role(role: discord.Role | None, bot_can_mention_all: bool) -> str:
    """The role id to ping, "" for none; raises Refused for @everyone and unmentionable roles."""
    from bot.adapters.discord.replies import Refused

    if role is None:
        return ""
    if role.is_default():
        raise Refused(
            N_(
                "I never ping @everyone or @here. Make a role for these alerts (say, “AI alerts”), "
                "let people take it, and pick that role."
            )
        )
    if not (role.mentionable or bot_can_mention_all):
        raise Refused(
            N_(
                "I can't mention the role “{role}”: allow "
                "anyone to @mention it (Server Settings → Roles), or give me the permission "
                "“Mention @everyone, @here and All Roles”, then try again."
            ),
            role=discord.utils.escape_mentions(role.name),
        )
    return str(role.id)


def channel_notice(
    kind: discord.ChannelType | None, permissions: discord.Permissions, tr: Translator = ENGLISH
) -> str:
    """What a subscriber should know about posting in this kind of channel ("" if nothing)."""
    if kind is discord.ChannelType.forum:
        if not (permissions.send_messages and permissions.create_public_threads):
            return " " + tr.gettext(
                "I can't create posts in this forum yet: give me Send Messages and "
                "Create Posts there."
            )
        return " " + tr.gettext("Each change will be a new forum post.")
    if kind is discord.ChannelType.news:
        if not permissions.send_messages:
            return " " + tr.gettext(
                "I can't post in this announcement channel yet: give me Send Messages."
            )
        return " " + tr.gettext(
            "Each post will also be published to the servers that follow this channel."
        )
    return ""
