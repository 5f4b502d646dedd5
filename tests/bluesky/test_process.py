"""`python -m bot run` as a separate process against the dev-env, configured only through
BLUESKY_HANDLE, BLUESKY_APP_PASSWORD and TERMSWATCH_BLUESKY_SERVICE (plus a config file whose
one document is served by a fake upstream on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import IO

import yaml
from aiohttp import web

from tests.bluesky.devnet import REPO, Account, DevNetwork
from tests.bluesky.test_mentions import bot_chain

TERMS = (
    "# Terms of Use\n\nIn the absence of a separate agreement that states otherwise, You "
    "explicitly agree that your Content may be used to inform, train, develop or serve as input "
    "to artificial intelligence or machine intelligence technologies or services as part of and "
    "for providing the services.\n"
)


def _open_log(path: Path) -> IO[bytes]:
    return path.open("wb")


async def serve_terms() -> tuple[web.AppRunner, str]:
    async def terms(request: web.Request) -> web.Response:
        return web.Response(text=TERMS, content_type="text/markdown")

    app = web.Application()
    app.router.add_get("/terms-of-use", terms)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/terms-of-use"


async def test_bot_process_answers_a_mention(
    devnet: DevNetwork, bot: Account, artist: Account, tmp_path: Path
) -> None:
    runner, url = await serve_terms()
    config = {
        "storage": {"path": "termswatch.db"},
        "watch": {"interval_seconds": 3600, "allow_private_addresses": True},
        "platforms": [
            {"id": "soundcloud", "name": "SoundCloud", "aliases": ["sound cloud"],
             "documents": [{"kind": "terms_of_service", "url": url}]},
        ],
        "discord": {"enabled": False},
        "web": {"enabled": False},
        "bluesky": {"poll_interval_seconds": 0.5},
    }  # fmt: skip
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "BLUESKY_HANDLE": bot.handle,
        "BLUESKY_APP_PASSWORD": bot.app_password,
        "TERMSWATCH_BLUESKY_SERVICE": devnet.pds,
        "TERMSWATCH_CONFIG": str(tmp_path / "config.yaml"),
    }
    log_path = tmp_path / "bot.log"
    with _open_log(log_path) as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            cwd=tmp_path, env=env, stdout=log_file, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            for _ in range(120):  # until it has logged in and started answering mentions
                if "answering mentions" in log_path.read_text(errors="replace"):
                    break
                assert proc.returncode is None, log_path.read_text(errors="replace")[-3000:]
                await asyncio.sleep(0.25)
            uri = devnet.mention(artist, bot, "is soundcloud training on my music?")
            chain: list[dict[str, object]] = []
            for _ in range(80):
                devnet.process()
                chain = bot_chain(devnet.thread(artist, uri), bot.did)
                if chain or proc.returncode is not None:
                    break
                await asyncio.sleep(0.5)
            assert chain, f"no answer; bot log:\n{log_path.read_text(errors='replace')[-3000:]}"
            text = "\n".join(str(p["record"]["text"]) for p in chain)  # type: ignore[index]
            assert "SoundCloud" in text
            assert "train" in text
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            try:
                code = await asyncio.wait_for(proc.wait(), timeout=20)
            except TimeoutError:
                proc.kill()
                code = await proc.wait()
            await runner.cleanup()
    assert code == 0, log_path.read_text(errors="replace")[-3000:]
