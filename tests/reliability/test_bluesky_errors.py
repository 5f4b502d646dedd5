"""An unreachable Bluesky service is reported with its host and the reason, in the log and in
/healthz's transport status (atproto's NetworkError has an empty str()). No dev-env needed: the
transport is pointed at a closed loopback port."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
from pathlib import Path

import pytest

from bot.app import App, AppOptions
from bot.config import Config
from tests.conftest import config_dict


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_unreachable_bluesky_names_host_and_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    port = closed_port()
    data = config_dict(bluesky={"enabled": True, "poll_interval_seconds": 60})
    env = {
        "BLUESKY_HANDLE": "bot.test",
        "BLUESKY_APP_PASSWORD": "secret-app-password",
        "TERMSWATCH_BLUESKY_SERVICE": f"http://127.0.0.1:{port}",
    }
    config = Config.from_dict(data, base_dir=tmp_path)
    async with App(config, env, options=AppOptions(), console=io.StringIO()) as app:
        (transport,) = [t for t in app.transports if t.name == "bluesky"]
        stop = asyncio.Event()
        task = asyncio.create_task(transport.run(stop))
        try:
            for _ in range(400):  # 20 s at most
                if transport.status()["last_error"]:
                    break
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
        error = str(transport.status()["last_error"])
        assert f"127.0.0.1:{port}" in error and "refused" in error.lower(), error
        (logged,) = [
            r.getMessage() for r in caplog.records if "Bluesky cycle failed" in r.getMessage()
        ]
        assert f"127.0.0.1:{port}" in logged and "refused" in logged.lower(), logged
        assert "secret-app-password" not in caplog.text
