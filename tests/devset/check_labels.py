"""Check the development set: every label file under tests/devset/labels/*.json.

Run: python tests/devset/check_labels.py   (exit 1 on any problem, prints counts)

Checks, for every document entry:
- the file exists under tests/devset/docs/;
- platform_training / third_party_training are non-empty lists of valid values;
- every decisive sentence is a verbatim substring of the file (whitespace collapsed);
- kinds and split are valid; one split per service (whole services are split);
- no service is one of those in /work/shared/corpus (the existing labelled corpus);
- change pairs name files that are labelled in the same service file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
LABELS = HERE / "labels"

PLATFORM = {"yes", "opt_out", "opt_in", "no", "not_mentioned", "unclear"}
THIRD = {"prohibited", "opt_out", "opt_in", "allowed", "not_mentioned"}
CATEGORIES = {
    "ai",
    "creator",
    "music",
    "art",
    "video",
    "writing",
    "social",
    "dating",
    "storage",
    "productivity",
    "education",
    "marketplace",
    "travel",
    "retail",
    "other",
}
KINDS = {
    "grant",
    "short_form_promise",
    "negation_with_exception",
    "split_sentence",
    "opt_out_control",
    "tier_rules",
    "ml_is_product",
    "model_not_ai",
    "prohibition_of_others",
    "broad_wording",
    "ai_generated_uploads",
    "none",
}
SPLITS = {"dev", "holdout"}
# Services of the existing corpus (/work/shared/corpus): must not appear here.
CORPUS = {
    "amazon-music",
    "artstation",
    "bandcamp",
    "deezer",
    "deviantart",
    "github",
    "instagram",
    "linkedin",
    "meta-facebook",
    "facebook",
    "pinterest",
    "qobuz",
    "quora",
    "reddit",
    "soundcloud",
    "spotify",
    "stack-overflow",
    "tiktok",
    "tumblr",
    "vimeo",
    "x-twitter",
    "twitter",
    "x",
    "youtube",
    "zoom",
}
SLUG = re.compile(r"^[a-z0-9-]+$")
FILE = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+/\d{4}-\d{2}-\d{2}\.md$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


SPLIT_SEED = "terms-watch-devset-2026"


def split_of(slug: str) -> str:
    """Split of a whole service: seeded hash of its slug; about one service in four is holdout."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{slug}".encode()).digest()
    return "holdout" if digest[0] % 4 == 0 else "dev"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_file(path: Path, errors: list[str], counts: dict[str, Counter]) -> str | None:
    where = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        errors.append(f"{where}: cannot read: {exc}")
        return None
    slug = path.stem
    if not SLUG.match(slug):
        errors.append(f"{where}: bad service slug")
    if slug in CORPUS:
        errors.append(f"{where}: service {slug} is in the shared corpus")
    for key in ("service", "category", "documents"):
        if key not in data:
            errors.append(f"{where}: missing key {key}")
            return None
    if data["category"] not in CATEGORIES:
        errors.append(f"{where}: bad category {data['category']!r}")
    splits = set()
    files = set()
    for i, doc in enumerate(data["documents"]):
        at = f"{where}[{i}] {doc.get('file')}"
        rel = doc.get("file", "")
        if not FILE.match(rel) or not rel.startswith(slug + "/"):
            errors.append(f"{at}: file must be {slug}/<doc-type>/<YYYY-MM-DD>.md")
        fp = DOCS / rel
        if not fp.is_file():
            errors.append(f"{at}: file missing")
            continue
        files.add(rel)
        text = norm(fp.read_text(encoding="utf-8"))
        for key in ("repo", "path", "commit", "language", "note"):
            if not doc.get(key):
                errors.append(f"{at}: missing {key}")
        if not COMMIT.match(doc.get("commit", "")):
            errors.append(f"{at}: commit must be 40 hex digits")
        pt, tt = doc.get("platform_training"), doc.get("third_party_training")
        if not pt or not isinstance(pt, list) or not set(pt) <= PLATFORM:
            errors.append(f"{at}: bad platform_training {pt!r}")
            pt = []
        if not tt or not isinstance(tt, list) or not set(tt) <= THIRD:
            errors.append(f"{at}: bad third_party_training {tt!r}")
            tt = []
        for key in ("decisive", "decisive_third_party"):
            for sent in doc.get(key, []):
                if not norm(sent) or norm(sent) not in text:
                    errors.append(f"{at}: {key} not verbatim: {sent[:80]!r}")
        if pt and pt != ["not_mentioned"] and not doc.get("decisive"):
            errors.append(f"{at}: platform_training {pt} needs decisive sentences")
        if tt and tt != ["not_mentioned"] and not doc.get("decisive_third_party"):
            errors.append(f"{at}: third_party_training {tt} needs decisive_third_party")
        kinds = doc.get("kinds", [])
        if not kinds or not set(kinds) <= KINDS:
            errors.append(f"{at}: bad kinds {kinds!r}")
        if doc.get("split") not in SPLITS:
            errors.append(f"{at}: bad split {doc.get('split')!r}")
        splits.add(doc.get("split"))
        counts["language"][doc.get("language")] += 1
        counts["split"][doc.get("split")] += 1
        counts["category"][data["category"]] += 1
        counts["platform_training"]["|".join(sorted(pt))] += 1
        counts["third_party_training"]["|".join(sorted(tt))] += 1
        mentions = pt != ["not_mentioned"] or tt != ["not_mentioned"]
        counts["mentions_ai"]["yes" if mentions else "no"] += 1
    found = sorted(map(str, splits))
    if splits and splits != {split_of(slug)}:
        errors.append(f"{where}: split must be {split_of(slug)!r} (split_of rule), found {found}")
    if len(splits) > 1:
        errors.append(f"{where}: one service must sit in one split, found {found}")
    for j, ch in enumerate(data.get("changes", [])):
        for key in ("old", "new"):
            if ch.get(key) not in files:
                errors.append(f"{where} changes[{j}]: {key} {ch.get(key)!r} is not a labelled file")
        if not isinstance(ch.get("ai_relevant"), bool):
            errors.append(f"{where} changes[{j}]: ai_relevant must be true or false")
        counts["changes"]["ai_relevant" if ch.get("ai_relevant") else "other"] += 1
    counts["services_split"][next(iter(splits)) if len(splits) == 1 else "mixed"] += 1
    return data["service"]


def main() -> int:
    if sys.argv[1:2] == ["--split"]:
        for slug in sys.argv[2:]:
            print(slug, split_of(slug))
        return 0
    errors: list[str] = []
    counts: dict[str, Counter] = {
        k: Counter()
        for k in (
            "language",
            "category",
            "split",
            "services_split",
            "platform_training",
            "third_party_training",
            "mentions_ai",
            "changes",
        )
    }
    services = []
    for path in sorted(LABELS.glob("*.json")):
        name = check_file(path, errors, counts)
        if name:
            services.append(name)
    listed = {
        d["file"]
        for p in LABELS.glob("*.json")
        for d in json.loads(p.read_text(encoding="utf-8")).get("documents", [])
        if isinstance(d, dict) and "file" in d
    }
    for fp in sorted(DOCS.rglob("*.md")):
        rel = fp.relative_to(DOCS).as_posix()
        if rel not in listed:
            errors.append(f"docs/{rel}: not labelled")
    total = sum(counts["split"].values())
    print(f"services: {len(services)}  documents: {total}")
    for key, counter in counts.items():
        print(f"{key}: " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=str)))
    for err in errors:
        print("error:", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
