"""How a block of terms frames the blocks after it, in general English wording (issue 10).

The clause finder (bot.domain.clauses) reads some blocks together with the one before:
- `is_lead_in`: a lead-in that bans what its list items name ("You may not:");
- `is_exception_lead_in`: the service's refusal whose items are its exceptions ("We won't ...
  unless one of these applies:");
- `is_refusal_lead_in`: the service's refusal whose items are what it will not do ("We will
  never:"), each item read after it;
- `is_purpose_lead_in`: the service's purposes for users' data ("We use your information for
  the following purposes:"), whose items are read with it;
- `BAN_HEADING`: a heading that introduces a list of bans ("Prohibited activities");
- `SUBJECT`: a sentence with a subject of its own, not an item of a list of banned acts;
- `BACK_REFERENCE`: a later sentence that refers back to a use ("used in this way", "this use").
"""

from __future__ import annotations

from bot.domain.ai_terms import BASE
from bot.domain.pattern_code import compile_pattern

BACK_REFERENCE = compile_pattern(
    r"\b(?:in this way|in that way|this use|such use|these uses|this purpose|these purposes"
    r"|this processing|such processing|used like this|used for this)\b"
)
BAN_HEADING = compile_pattern(
    r"^(?:#+\s*)?(?:\w+\s+){0,3}?(?:prohibited|forbidden|restricted|not allowed|not permitted"
    r"|restrictions|don'?ts)\b(?:\s+\w+){0,3}\s*:?\s*$"
)

# a sentence with a subject of its own, not an item of a list of banned acts
SUBJECT = compile_pattern(r"(?:we|you|our|your|if|this|these|the|when|where|please|all)\b")

_EXCEPTION_WORDS = compile_pattern(r"\b(?:except|unless|other than|save (?:where|when|if|in))\b")
_SERVICE_REFUSES = compile_pattern(
    r"\b(?:we|us)\b[^.:;]{0,20}?\b(?:not|never|won't|don't)\b|\b(?:is|are|be) (?:not|never) "
    r"(?:\w+ )?used\b"
)


def is_exception_lead_in(match_form: str) -> bool:
    """The service's refusal whose list items are its exceptions ("We won't ... unless:")."""
    return bool(
        BASE._LEAD_IN.search(match_form)
        and _EXCEPTION_WORDS.search(match_form)
        and _SERVICE_REFUSES.search(match_form)
        and not BASE._USER_ACTOR.search(match_form)
    )


# "We will never:", "We do not:", "Acme will not, under any circumstances:": the service says
# what it will not do (not "We do not allow you to:", a ban on users)
_SERVICE_WILL_NOT = compile_pattern(
    r"^\W*(?:we|the company|[a-z][\w&.'-]*)\s+(?:will|shall|do|does|would)?\s*(?:not|never)\b"
    r"|^\W*we (?:won't|don't|never)\b"
)
_OTHERS_OBJECT = compile_pattern(
    r"\b(?:allow|permit|tolerate|let|authori[sz]e)\w*\b|\b(?:you|users?|members?|customers?|anyone)\b"
)


def is_refusal_lead_in(match_form: str) -> bool:
    """The service's refusal whose list items are what it will not do ("We will never:")."""
    return bool(
        len(match_form) < 120
        and BASE._LEAD_IN.search(match_form)
        and _SERVICE_WILL_NOT.search(match_form)
        and not _OTHERS_OBJECT.search(match_form)
        and not _EXCEPTION_WORDS.search(match_form)
    )


def is_lead_in(match_form: str) -> bool:
    """A lead-in that bans what its list items name ("You may not:")."""
    v = BASE
    return bool(
        v._LEAD_IN.search(match_form)
        and v._LEAD_PROHIBIT.search(match_form)
        and not is_exception_lead_in(match_form)
        and not is_refusal_lead_in(match_form)
    )


# "We may use the information we collect for the following purposes:", "We process your content
# to:": the service's own use of users' data, whose list items name what it is used for
_PURPOSE_LEAD = compile_pattern(
    r"\b(?:we|us)\b[^.;]*\b(?:use|process|analy[sz]e)\b[^.;]*(?:\bpurposes?\b|\bto\s*:?\s*$)"
    # "You grant us a license to your User Content for the limited purposes of:"
    r"|\b(?:grant|give)s?\b[^.;]*\blicen[cs]e\b[^.;]*\bpurposes?\b"
)
_PURPOSE_DATA = compile_pattern(
    r"\b(?:information|data|content|messages?|uploads?|files?|recordings?|conversations?"
    r"|inputs?|prompts?|works?)\b"
)


def is_purpose_lead_in(match_form: str) -> bool:
    """A lead-in of the service's purposes for users' data ("We use your information for the
    following purposes:"): its list items are read with it."""
    return bool(
        BASE._LEAD_IN.search(match_form)
        and _PURPOSE_LEAD.search(match_form)
        and _PURPOSE_DATA.search(match_form)
        and not is_lead_in(match_form)
    )
