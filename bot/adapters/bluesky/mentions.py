"""Mentions and replies to the bot: poll listNotifications, answer each exactly once in its thread.

Order of operations per notification: claim it in the database → post the reply under record
keys derived from the notification (an existing post under that key is reused, so a crash after
posting never duplicates) → mark it done. Notifications are marked seen only after that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from atproto_client.exceptions import BadRequestError

from bot.adapters.bluesky import compose
from bot.adapters.bluesky.posting import (
    POST_TYPE,
    RichText,
    deterministic_tid,
    parse_when,
    split_thread,
)
from bot.adapters.bluesky.session import BlueskySession, Wire
from bot.adapters.i18n import translator
from bot.domain.i18n import DEFAULT_LANGUAGE, ENGLISH, Translator, detect_language
from bot.domain.intents import IntentKind, parse_intent
from bot.domain.models import Medium
from bot.domain.requests import InvalidRequest
from bot.services.container import Services
from bot.services.errors import AlreadySubscribed, NotSubscribed, UnknownPlatform, UserFacingError
from bot.services.locales import LocalePreferences
from bot.services.ports import BlueskyStore, PostRef

log = logging.getLogger(__name__)

REASONS = ("mention", "reply")
PAGE_SIZE = 50
MAX_PAGES = 5


def iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def just_after(indexed_at: str) -> str:
    """A seenAt that marks notifications up to and including `indexed_at` as read (the AppView
    counts one as read when seenAt > indexedAt)."""
    moment = parse_when(indexed_at, datetime.now(UTC)) + timedelta(milliseconds=1)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def strong_ref(ref: PostRef) -> dict[str, str]:
    return {"uri": ref.uri, "cid": ref.cid}


async def post_thread(
    session: BlueskySession,
    rich: RichText,
    key: str,
    when: datetime,
    *,
    reply_to: tuple[PostRef, PostRef] | None = None,
    embed: dict[str, object] | None = None,
    lang: str = "en",
) -> list[PostRef]:
    """Post `rich` as one post or a thread. `reply_to` = (root, parent) to hang it under; the
    embed goes on the first post. Record keys come from `key`, so re-running is idempotent."""
    refs: list[PostRef] = []
    root, parent = reply_to if reply_to else (None, None)
    for index, post in enumerate(split_thread(rich)):
        record: dict[str, Any] = {
            "$type": POST_TYPE,
            "text": post.text,
            "createdAt": iso_now(),
            "langs": [lang.replace("_", "-")],
        }
        if post.facets:
            record["facets"] = post.facets
        if index == 0 and embed is not None:
            record["embed"] = embed
        if root is not None and parent is not None:
            record["reply"] = {"root": strong_ref(root), "parent": strong_ref(parent)}
        ref = await session.put_post(deterministic_tid(key, when, index), record)
        refs.append(ref)
        if root is None:
            root = ref
        parent = ref
    return refs


@dataclass(frozen=True)
class Notification:
    uri: str
    cid: str
    author_did: str
    author_handle: str
    reason: str
    text: str
    indexed_at: str
    root: PostRef | None
    is_read: bool
    links: tuple[str, ...] = ()  # full URIs of the post's link facets (the text may shorten them)
    langs: tuple[str, ...] = ()  # the post's declared languages (BCP 47), if any

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notification:
        record = data.get("record") or {}
        reply = record.get("reply") or {}
        root = reply.get("root") or {}
        author = data.get("author") or {}
        return cls(
            uri=str(data["uri"]),
            cid=str(data["cid"]),
            author_did=str(author.get("did", "")),
            author_handle=str(author.get("handle", "")),
            reason=str(data.get("reason", "")),
            text=str(record.get("text", "")),
            indexed_at=str(data.get("indexedAt", "")),
            root=PostRef(str(root["uri"]), str(root["cid"])) if root.get("uri") else None,
            is_read=bool(data.get("isRead", False)),
            links=tuple(
                str(feature.get("uri"))
                for facet in record.get("facets") or []
                if isinstance(facet, dict)
                for feature in facet.get("features") or []
                if isinstance(feature, dict) and feature.get("uri")
            ),
            langs=tuple(str(lang) for lang in record.get("langs") or () if lang),
        )


def reply_translator(note: Notification) -> Translator:
    """Answer in the mention's language: the post's `langs` field, else the language detected
    from its text, else English."""
    for lang in note.langs:
        tr = translator(lang)
        if tr.language != DEFAULT_LANGUAGE or lang.lower().startswith("en"):
            return tr
    return translator(detect_language(note.text))


class MentionHandler:
    def __init__(self, session: BlueskySession, repo: BlueskyStore, services: Services) -> None:
        self.session = session
        self.repo = repo
        self.services = services
        self.since = ""

    async def start(self) -> None:
        """On the first start with this database, mentions already there are history: remember
        the newest one, and answer only what comes after (or was recorded here)."""
        saved = await self.services.store.get_state(self._since_key)
        if saved is None:
            notes = await self.fetch(pages=1)
            saved = max((n.indexed_at for n in notes), default="")
            await self.services.store.set_state(self._since_key, saved)
        self.since = saved
        log.info("Bluesky: answering mentions newer than %s", saved or "the first one")

    @property
    def _since_key(self) -> str:
        return f"bluesky.mentions_since.{self.session.did}"

    async def fetch(self, pages: int = MAX_PAGES) -> list[Notification]:
        """Mentions/replies, oldest first (paging back until what earlier polls handled)."""
        found: list[Notification] = []
        cursor: str | None = None
        for _ in range(pages):
            params: dict[str, Any] = {"limit": PAGE_SIZE, "reasons": list(REASONS)}
            if cursor:
                params["cursor"] = cursor
            response = await self.session.call(
                self.session.client.invoke_query,
                "app.bsky.notification.listNotifications",
                params=Wire(params),
            )
            content = response.content
            page = [Notification.from_json(n) for n in content.get("notifications", [])]
            found.extend(n for n in page if n.reason in REASONS)
            cursor = content.get("cursor")
            if not cursor or not page or min(n.indexed_at for n in page) <= self.since:
                break  # reached what earlier polls have fully handled
        found.sort(key=lambda n: n.indexed_at)
        return found

    async def poll_once(self) -> int:
        """Handle every new mention/reply; returns how many were answered."""
        handled = 0
        newest = ""
        seen: set[str] = set()
        for note in await self.fetch():
            newest = max(newest, note.indexed_at)
            if note.uri in seen or note.author_did == self.session.did:
                continue
            seen.add(note.uri)
            if note.indexed_at <= self.since and await self.repo.notification(note.uri) is None:
                continue  # older than this database's first start: not ours to answer
            if await self.handle(note):
                handled += 1
        if newest > self.since:  # everything up to `newest` is now recorded as handled
            await self.services.store.set_state(self._since_key, newest)
            self.since = newest
        if newest:
            await self.session.call(
                self.session.client.invoke_procedure,
                "app.bsky.notification.updateSeen",
                data=Wire(seenAt=just_after(newest)),
                input_encoding="application/json",
            )
        return handled

    async def handle(self, note: Notification) -> bool:
        if not await self.repo.claim_notification(
            note.uri, note.cid, note.author_did, note.reason, note.indexed_at
        ):
            return False
        tr = reply_translator(note)
        kind, reply = await self.reply_for(note, tr)
        parent = PostRef(note.uri, note.cid)
        root = note.root or parent
        when = parse_when(note.indexed_at, datetime(2025, 1, 1, tzinfo=UTC))
        try:
            refs = await post_thread(
                self.session,
                reply,
                f"reply:{note.uri}",
                when,
                reply_to=(root, parent),
                lang=tr.language,
            )
        except BadRequestError as exc:  # e.g. the post was deleted meanwhile: nothing to answer
            log.warning("could not reply to %s: %s", note.uri, exc)
            self.session.metrics.inc("termswatch_bluesky_errors_total", {"op": "reply"})
            await self.repo.finish_notification(note.uri, f"failed:{kind}", "")
            return False
        await self.repo.finish_notification(note.uri, kind, refs[0].uri if refs else "")
        log.info("answered %s (%s) from %s", note.uri, kind, note.author_did)
        return True

    async def reply_for(self, note: Notification, tr: Translator = ENGLISH) -> tuple[str, RichText]:
        directory = self.services.directory
        intent = parse_intent(note.text, is_platform=lambda t: directory.resolve(t) is not None)
        subs = self.services.subscriptions
        who = note.author_did
        query = intent.platform_query
        try:
            match intent.kind:
                case IntentKind.ASK if query:
                    answer = await self.services.answers.answer(query, tr)
                    return "ask", compose.answer_text(answer, tr)
                case IntentKind.SUBSCRIBE if query:
                    sub = await subs.subscribe(Medium.BLUESKY_DM, who, query)
                    # DMs are written in the language this subscriber asked in
                    await LocalePreferences(self.services.store).remember(
                        Medium.BLUESKY_DM, who, tr.language
                    )
                    name = subs.platform_name(sub.platform_id)
                    return "subscribe", compose.subscribed_text(name, sub.platform_id, tr)
                case IntentKind.UNSUBSCRIBE if query:
                    platform_id = await subs.unsubscribe(Medium.BLUESKY_DM, who, query)
                    name = subs.platform_name(platform_id)
                    return "unsubscribe", RichText().text(
                        tr.gettext("Unsubscribed: no more notices about {platform}.", platform=name)
                    )
                case IntentKind.SUBSCRIPTIONS:
                    listed = await subs.list_for(Medium.BLUESKY_DM, who)
                    names = {p.id: p.name for p in directory.all()}
                    return "subscriptions", compose.subscriptions_text(listed, names, tr)
                case IntentKind.SUBSCRIBE | IntentKind.UNSUBSCRIBE:
                    verb = intent.kind.value
                    return verb, RichText().text(
                        tr.gettext(
                            "Which platform? For example “{verb} soundcloud”, or “{verb} all”.",
                            verb=verb,
                        )
                    )
                case IntentKind.REQUEST if query:
                    url = note.links[0] if note.links else intent.url
                    request = await self.services.requests.submit("bluesky", who, query, url)
                    return "request", RichText().text(
                        tr.gettext(
                            "Thanks! Request #{number} to track {name} is recorded; "
                            "the operator reviews requests by hand.",
                            number=request.id,
                            name=request.name,
                        )
                    )
                case IntentKind.HELP:
                    return "help", compose.help_text(tr=tr)
                case _:
                    return "unknown", compose.help_text(tr.gettext("I didn't catch that."), tr)
        except UnknownPlatform as exc:
            return "unknown_platform", compose.help_text(exc.user_message(tr), tr)
        except InvalidRequest as exc:
            return "request", RichText().text(
                tr.gettext("I could not take that request: {reason}", reason=exc)
            )
        except AlreadySubscribed as exc:
            return "subscribe", RichText().text(
                tr.gettext("You're already subscribed to {platform}.", platform=exc.platform_name)
            )
        except NotSubscribed as exc:
            return "unsubscribe", RichText().text(
                tr.gettext("You weren't subscribed to {platform}.", platform=exc.platform_name)
            )
        except UserFacingError as exc:  # AlreadyTracked, TooManyRequests, ...
            return "request", RichText().text(exc.user_message(tr))
