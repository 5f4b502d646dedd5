"""Every medium the bot speaks through: one line per medium package (ports.MediumPackage).

bot/config.py parses each package's config.yaml section with it, and bot/app.py builds each
package's transport from it. Adding a medium (Mastodon, email, Matrix) is a new folder under
bot/adapters/, one Medium value in bot/domain/models.py and one line here (docs/architecture.md,
"How to add a medium"). The console is not listed: it is the fallback the composition root
uses when no medium here delivers messages.
"""

from __future__ import annotations

from bot.adapters import bluesky, web
from bot.adapters import discord as discord_medium
from bot.services.ports import MediumPackage

MEDIA: tuple[MediumPackage, ...] = (
    discord_medium,
    bluesky,
    web,
)
