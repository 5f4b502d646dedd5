"""Bluesky: answers mentions, announces AI-relevant changes, notifies subscribers by DM."""
