"""The public face: status web page, Atom feeds, JSON API, health and metrics."""
