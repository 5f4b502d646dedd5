"""Sentences read with the heading before them: a heading naming AI training or AI models, and
the first sentence after it that refers back to it ("for this purpose") or stands for its models
with a pronoun ("They are trained on ..."). Used by bot.domain.clauses."""

from __future__ import annotations

import re

from bot.domain.pattern_code import compile_pattern

# users' data named in a sentence read with a heading ("your content", "posts", "data from")
USERS_DATA_NAMED = compile_pattern(
    r"\b(?:your|users?'?|customers?'?)\b|\byou (?:provide|share|upload|post)"
    r"|\b(?:data|content|information) from\b|\b(?:conversations|chats|messages|posts|uploads)\b",
    re.I,
)
# a short heading naming AI training or development, or AI models, no sentence ("AI training",
# "Use of your content for machine learning", "Our AI models"): what a following "for this
# purpose", or a pronoun standing for its models, refers to
AI_HEADING = compile_pattern(
    r"^[^.;!?]*\b(?:train\w*|learning|develop\w*"
    r"|(?:ai|ml|language|generative|foundation|neural)(?: [\w-]+)? models?)\b[^.;!?]*$"
)
# "## Our AI models\n\nThey are trained on the posts our users share.": the first sentence after
# such a heading, whose subject is a pronoun standing for the models the heading names
_PRONOUN_TRAINED = compile_pattern(
    r"^(they|these(?: models)?|it|this model) (?:are|were|is|was|have been|has been|may be"
    r"|can be|will be|get|got)(?: not| never)?(?: (?:also|further|continuously|regularly|then))?"
    r" (?:trained"
    r"|fine-tuned|retrained) (?:on|using|with|from)\b",
    re.I,
)


def named_by_heading(heading: str, form: str) -> str:
    """`form` with the heading in place of the pronoun that stands for the heading's models
    ("They are trained on ..." after "## Our AI models"), or "" when it has no such pronoun."""
    they = _PRONOUN_TRAINED.match(form) if heading else None
    return heading + form[len(they.group(1)) :] if they else ""
