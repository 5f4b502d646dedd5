"""Open Terms Archive's versions repositories, as pure rules: names, paths, commit subjects.

A versions repository ("collection") holds one Markdown file per tracked document,
`<Service>/<Terms type>.md`, and one commit per recorded version, whose subject names the
service and the terms type: "First record of Bluesky Terms of Service", "Record new changes of
ChatGPT Business Privacy Policy", "Apply technical or declaration upgrade on X Terms" (a
re-extraction: not a change). Service names and terms types both contain spaces, so a subject is
split on a known terms type; the caller confirms the split against the repository.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import quote

from bot.domain.models import DocumentSpec, EventSource, Platform, PolicyEvent
from bot.domain.present import document_label

log = logging.getLogger(__name__)

DEFAULT_OWNER = "OpenTermsArchive"
DISCOVERED_CATEGORY = "archive"
MAX_NAME_CHARS = 100

# Terms types of the Open Terms Archive vocabulary (github.com/OpenTermsArchive/terms-types),
# plus the older short names still found in commit subjects. Types seen in a collection's own
# listing are added at run time.
TERMS_TYPES: frozenset[str] = frozenset(
    {
        "Terms of Service", "Privacy Policy", "Imprint", "Trackers Policy", "Developer Terms",
        "Community Guidelines", "Acceptable Use Policy", "Commercial Terms", "Business Terms",
        "Business Privacy Policy", "Copyright Claims Policy", "Law Enforcement Guidelines",
        "Data Processor Agreement", "Data Controller Agreement", "Deceased Users",
        "Content Monetisation Policy", "Closed Captioning Policy", "Live Policy",
        "Advertising Content Policy", "User Consent Policy", "Brand Guidelines",
        "Quality Guidelines", "In-App Purchases Policy", "Review Guidelines",
        "Vulnerability Disclosure Policy", "Conditions of Carriage", "General Conditions of Sale",
        "Seller Warranty", "Platform to Business Notice", "Marketplace Policy", "Returns Policy",
        "Warranty Policy", "Complaints Policy", "Parental Controls Policy", "Cookies Policy",
        "Editorial Policy", "Restricted Products Policy", "Seller Terms", "Service Level Agreement",
        "Single Sign-On Policy", "Unfair Terms Notice", "Terms", "Terms of Use",
        "Frequently Asked Questions", "Community Standards", "Enterprise Terms", "API Terms",
        "Affiliates Terms", "Human Rights Policy", "Anti-corruption Policy",
    }
)  # fmt: skip


class CommitKind(StrEnum):
    FIRST = "first"  # "First record of …", "Start tracking …"
    CHANGE = "change"  # "Record new changes of …", "Update …"
    TECHNICAL = "technical"  # "Apply technical or declaration upgrade on …", "Refilter …"
    OTHER = "other"  # README edits, merges, deletions: not a document version


_SUBJECTS: tuple[tuple[re.Pattern[str], CommitKind], ...] = (
    (re.compile(r"^first record of (?P<rest>.+)$", re.I), CommitKind.FIRST),
    (re.compile(r"^start tracking (?P<rest>.+)$", re.I), CommitKind.FIRST),
    (re.compile(r"^record new changes of (?P<rest>.+)$", re.I), CommitKind.CHANGE),
    (re.compile(r"^update (?P<rest>.+)$", re.I), CommitKind.CHANGE),
    (re.compile(r"^apply technical or declaration upgrade on (?P<rest>.+)$", re.I),
     CommitKind.TECHNICAL),
    (re.compile(r"^refilter (?P<rest>.+)$", re.I), CommitKind.TECHNICAL),
)  # fmt: skip


@dataclass(frozen=True)
class CommitSubject:
    kind: CommitKind
    rest: str = ""  # "<Service> <Terms type>"


def parse_subject(subject: str) -> CommitSubject:
    line = " ".join(subject.split())
    for pattern, kind in _SUBJECTS:
        match = pattern.match(line)
        if match:
            rest = match.group("rest")
            if rest.lower().endswith((".md", "readme", "readme.md")) or "/" in rest:
                return CommitSubject(CommitKind.OTHER)
            return CommitSubject(kind, rest)
    return CommitSubject(CommitKind.OTHER)


def candidate_paths(rest: str, known_types: Iterable[str], known_paths: set[str]) -> list[str]:
    """The document paths "<Service> <Terms type>" may mean, most likely first: paths already
    known in the collection, then splits on a known terms type (longest type first)."""
    out: list[str] = []
    types = sorted(set(known_types) | TERMS_TYPES, key=len, reverse=True)
    splits = []
    for terms_type in types:
        if len(rest) > len(terms_type) + 1 and rest.endswith(" " + terms_type):
            service = rest[: -len(terms_type) - 1].strip()
            if service:
                splits.append(f"{service}/{terms_type}.md")
    out.extend(p for p in splits if p in known_paths)
    out.extend(p for p in splits if p not in known_paths)
    return out


def split_path(path: str) -> tuple[str, str] | None:
    """("Service", "Terms type") of "Service/Terms type.md"; None for other files."""
    parts = path.split("/")
    if len(parts) != 2 or not parts[1].endswith(".md") or parts[0].startswith("."):
        return None
    service, terms_type = parts[0].strip(), parts[1][: -len(".md")].strip()
    if not service or not terms_type or terms_type.upper() in ("README", "LICENSE"):
        return None
    return service, terms_type


def slug(text: str) -> str:
    """ "Claude.ai" -> "claude-ai"; "Le Chat" -> "le-chat"; accents dropped."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not out:
        out = "s-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    return out[:60]


def kind_for(terms_type: str) -> str:
    """ "Terms of Service" -> "terms_of_service"."""
    return slug(terms_type).replace("-", "_")


def clean_name(name: str) -> str:
    """A service name fit to show: printable, one line, bounded."""
    text = "".join(ch if ch.isprintable() else " " for ch in name)
    text = " ".join(text.split())
    return text[:MAX_NAME_CHARS]


def git_blob_sha(data: bytes) -> str:
    """The sha git gives a file with these bytes (the tree listing's `sha`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Collection:
    owner: str
    repo: str

    @property
    def name(self) -> str:
        return f"{self.owner}/{self.repo}"

    @classmethod
    def parse(cls, text: str) -> Collection:
        """ "pga-versions" (Open Terms Archive's) or "owner/repo"; raises ValueError."""
        value = text.strip()
        owner, _, repo = value.rpartition("/")
        owner = owner or DEFAULT_OWNER
        pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
        if "/" in owner or not pattern.match(owner) or not pattern.match(repo):
            raise ValueError(f"must be 'repo' or 'owner/repo', got {text!r}")
        return cls(owner, repo)


@dataclass(frozen=True)
class DiscoveredDocument:
    """One document of one collection, as the directory keeps it."""

    platform_id: str
    service: str  # the archive's name for the service
    terms_type: str
    collection: str  # "owner/repo"
    path: str  # "<Service>/<Terms type>.md"
    url: str  # where people read its history

    @property
    def kind(self) -> str:
        return kind_for(self.terms_type)

    @property
    def spec(self) -> DocumentSpec:
        return DocumentSpec(self.platform_id, self.kind, self.url)


def history_url(github_base: str, collection: Collection, path: str) -> str:
    """The page listing a document's versions: <github>/<owner>/<repo>/commits/main/<path>."""
    return (
        f"{github_base.rstrip('/')}/{collection.owner}/{collection.repo}/commits/main/"
        f"{quote(path, safe='/')}"
    )


def discovered_platform(
    platform_id: str, service: str, documents: Iterable[DiscoveredDocument]
) -> Platform:
    specs = tuple(sorted({d.spec for d in documents}, key=lambda s: (s.kind, s.url)))
    name = clean_name(service) or platform_id
    aliases = (service,) if service != name else ()
    return Platform(
        id=platform_id,
        name=name,
        aliases=aliases,
        documents=specs,
        opt_out="",
        category=DISCOVERED_CATEGORY,
    )


def ai_history(
    doc: DiscoveredDocument, versions: list[tuple[str, str]], platform_name: str
) -> list[PolicyEvent]:
    """The AI-relevant changes between consecutive archived versions (date, text), oldest first,
    as curated-history events: background knowledge, never posted. CPU-bound."""
    from bot.domain.diff import compare  # the classifier: loaded when history is built

    events = []
    label = document_label(doc.kind)
    for (_, old), (date, new) in itertools.pairwise(versions):
        change = compare(old, new, platform_name=platform_name, document_label=label)
        if not change.ai_relevant:
            continue
        change = replace(
            change,
            before=change.before.with_source(doc.kind, doc.url, None),
            after=change.after.with_source(doc.kind, doc.url, date[:10]),
        )
        events.append(
            PolicyEvent(doc.platform_id, doc.kind, doc.url, date, EventSource.HISTORY, change)
        )
    return events
