"""Platform requests: validation, the public-address rule, the operator's views."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest
import yaml
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.address_guard import public_host_problem
from bot.adapters.store import SqliteStore
from bot.adapters.web.server import build_app
from bot.app import App, AppOptions
from bot.cli import main
from bot.config import Config
from bot.domain.requests import InvalidRequest, validate_request
from bot.services.requests import RequestService, TooManyRequests
from tests.conftest import FakeClock, config_dict


class Dns(AbstractResolver):
    """Fixed answers instead of the network's DNS."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self.answers:
            raise OSError(f"{host}: no such name")
        return [
            {"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
            for a in self.answers[host]
        ]

    async def close(self) -> None:
        return None


def test_names_are_made_plain_and_addresses_checked() -> None:
    request = validate_request("  <b>Band\u200blab</b>\n@everyone ", "https://bandlab.com/terms")
    assert request.name == "b Bandlab /b @\u2060everyone"
    for url in (
        "javascript:alert(1)",
        "https://user:pw@example.com/",
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "https://printer.local/",
        "https://localhost:8080/",
        "https://example.com:8443/",
        "https://exa mple.com/",
    ):
        with pytest.raises(InvalidRequest):
            validate_request("x", url)
    with pytest.raises(InvalidRequest):
        validate_request("   ", "https://example.com")
    with pytest.raises(InvalidRequest):
        validate_request("x" * 81, "https://example.com")


async def test_a_host_resolving_to_a_private_address_is_refused(store: SqliteStore) -> None:
    dns = Dns({"public.example": ["93.184.215.14"], "sneaky.example": ["10.0.0.5"],
               "mixed.example": ["93.184.215.14", "127.0.0.1"]})  # fmt: skip

    async def check(host: str) -> str | None:
        return await public_host_problem(host, dns)

    service = RequestService(store, FakeClock(), address_check=check, per_user_per_day=2)
    stored = await service.submit("bluesky", "did:plc:a", "Public", "https://public.example/t")
    assert stored.id is not None
    for host in ("sneaky.example", "mixed.example", "missing.example"):
        with pytest.raises(InvalidRequest):
            await service.submit("bluesky", "did:plc:a", "X", f"https://{host}/t")
    await service.submit("bluesky", "did:plc:a", "Second", "https://public.example/2")
    with pytest.raises(TooManyRequests):
        await service.submit("bluesky", "did:plc:a", "Third", "https://public.example/3")
    assert await service.count() == 2


async def test_the_operator_sees_requests_in_the_cli_and_on_healthz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    data = config_dict()
    data["storage"] = {"path": str(tmp_path / "t.db")}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(path))
    config = Config.from_dict(data, base_dir=tmp_path)
    options = AppOptions(transports=False, load_history=False)
    async with App(config, {}, options=options, clock=clock, console=io.StringIO()) as app:
        await app.services.requests.submit("discord", "1", "Bandlab", "https://bandlab.com/t")
        app.services.watch.last_cycle_at = clock.now()
        client = TestClient(TestServer(build_app(app.services), host="127.0.0.1"))
        await client.start_server()
        try:
            health = await (await client.get("/healthz")).json()
        finally:
            await client.close()
    assert health["platform_requests"]["total"] == 1
    assert health["platform_requests"]["recent"][0]["name"] == "Bandlab"

    out = io.StringIO()
    assert await _run_cli(["requests"], out) == 0
    assert "Bandlab <https://bandlab.com/t> (discord 1)" in out.getvalue()
    out = io.StringIO()
    assert await _run_cli(["requests", "--json"], out) == 0
    assert json.loads(out.getvalue())[0]["url"] == "https://bandlab.com/t"


async def _run_cli(argv: list[str], out: io.StringIO) -> int:
    import asyncio

    return await asyncio.to_thread(main, argv, out)


async def test_a_bluesky_mention_track_name_url_is_a_request(
    tmp_path: Path, clock: FakeClock
) -> None:
    from bot.adapters.bluesky.mentions import MentionHandler, Notification

    data = config_dict()
    data["storage"] = {"path": str(tmp_path / "t.db")}
    config = Config.from_dict(data, base_dir=tmp_path)
    options = AppOptions(transports=False, load_history=False)
    async with App(config, {}, options=options, clock=clock, console=io.StringIO()) as app:
        handler = MentionHandler(None, None, app.services)  # type: ignore[arg-type]
        # The Bluesky app shows a shortened link; the facet holds the full address.
        note = Notification.from_json(
            {
                "uri": "at://did:plc:x/app.bsky.feed.post/1", "cid": "c", "reason": "mention",
                "author": {"did": "did:plc:fan", "handle": "fan.test"},
                "record": {
                    "text": "@termswatch.test track Bandlab bandlab.com/legal/terms-of-s...",
                    "facets": [{"features": [{"$type": "app.bsky.richtext.facet#link",
                                              "uri": "https://www.bandlab.com/legal/terms-of-service"}]}],
                },
            }
        )  # fmt: skip
        kind, text = await handler.reply_for(note)
        assert kind == "request" and "is recorded" in text.plain
        [stored] = await app.services.requests.recent()
    assert (stored.name, stored.url, stored.medium, stored.requester) == (
        "Bandlab", "https://www.bandlab.com/legal/terms-of-service", "bluesky", "did:plc:fan",
    )  # fmt: skip
