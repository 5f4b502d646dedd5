"""The web face's reliability tests use the status-page fixtures of tests/web."""

from tests.web.conftest import built_db, site

__all__ = ["built_db", "site"]
