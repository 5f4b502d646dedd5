"""Discord transport: slash commands, mention answers and channel/DM auto-posts via discord.py."""
