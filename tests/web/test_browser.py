"""The status page in a real headless Chromium, driven over the DevTools protocol (aiohttp
websocket): badges rendered, JavaScript search/sort working under the page's CSP, and
screenshots on a phone-sized and a desktop window saved to tests/artifacts/."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.web.conftest import ARTIFACTS, Site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium is not installed (`make test-deps` installs Debian chromium)",
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


class Page:
    """Just enough of the DevTools protocol: send a command, wait for its answer or an event."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        await self.ws.send_json({"id": call_id, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.ws.receive_json(), 20)
            if message.get("id") == call_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    async def wait_event(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(await asyncio.wait_for(self.ws.receive_json(), 20))
        self.events = [e for e in self.events if e.get("method") != method]

    async def open(self, url: str, width: int, height: int, mobile: bool) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )
        self.events.clear()
        await self.send("Page.navigate", url=url)
        await self.wait_event("Page.loadEventFired")

    async def js(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    async def screenshot(self, path: Path) -> bytes:
        result = await self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        data = base64.b64decode(result["data"])
        await asyncio.to_thread(path.write_bytes, data)
        return data


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    process = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        endpoint = ""
        while not endpoint:
            line = await asyncio.wait_for(process.stderr.readline(), 30)
            if not line:
                raise AssertionError("chromium exited before opening DevTools")
            found = re.search(rb"DevTools listening on (ws://\S+)", line)
            endpoint = found.group(1).decode() if found else ""
        drain = asyncio.create_task(process.stderr.read())  # keep the pipe from filling up
        port = re.search(r":(\d+)/", endpoint).group(1)  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = json.loads(await response.text())
            target = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                cdp = Page(ws)
                await cdp.send("Page.enable")
                await cdp.send("Runtime.enable")
                yield cdp
        drain.cancel()
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), 10)
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_status_page_in_chromium_phone_and_desktop(site: Site, page: Page) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = str(site.client.make_url("/"))
    statuses = {s.platform.id: s for s in await site.services.answers.statuses()}

    await page.open(url, 390, 844, mobile=True)
    badges = await page.js(
        "Array.from(document.querySelectorAll('tr[data-name]')).map(r => "
        "[r.querySelector('th a').getAttribute('href'), r.querySelector('.badge').className, "
        "r.querySelector('.badge').textContent, getComputedStyle(r.querySelector('.badge'))"
        ".backgroundColor])"
    )
    assert len(badges) == len(statuses)
    for href, classes, words, colour in badges:
        status = statuses[href.rsplit("/", 1)[1]]
        expected = status.verdict.platform_training.value if status.read else "unread"
        assert f"badge-{expected}" in classes
        assert words.strip()
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the CSS loaded and applied
    # Phone layout: the table turned into cards and nothing overflows sideways.
    assert await page.js("getComputedStyle(document.querySelector('tbody tr')).display") == "block"
    assert await page.js("document.documentElement.scrollWidth <= window.innerWidth")
    shot = await page.screenshot(ARTIFACTS / "status-phone.png")
    assert shot.startswith(b"\x89PNG")

    # JavaScript ran despite the strict CSP, and live search filters without a reload.
    assert await page.js("document.documentElement.classList.contains('js')")
    visible = await page.js(
        "const q = document.getElementById('q'); q.value = 'band';"
        "q.dispatchEvent(new Event('input'));"
        "Array.from(document.querySelectorAll('tr[data-name]')).filter(r => !r.hidden)"
        ".map(r => r.dataset.name)"
    )
    assert visible == ["bandcamp"]

    await page.open(url, 1280, 900, mobile=False)
    order = await page.js(
        "document.querySelector('th[data-sort=verdict] a').click();"
        "Array.from(document.querySelectorAll('tr[data-name]')).map(r => r.dataset.name)"
    )
    assert order[0] == "hostile host"  # "training allowed" first
    assert "sort=verdict" in await page.js("location.search")
    assert (
        await page.js("getComputedStyle(document.querySelector('tbody tr')).display") == "table-row"
    )
    await page.screenshot(ARTIFACTS / "status-desktop.png")


async def test_platform_page_in_chromium(site: Site, page: Page) -> None:
    await page.open(str(site.client.make_url("/platforms/soundcloud")), 390, 844, mobile=True)
    loaded = await page.js(
        "(() => { const img = document.querySelector('img.timeline');"
        " return [img.complete, img.naturalWidth, img.getBoundingClientRect().width]; })()"
    )
    complete, natural, shown = loaded
    assert complete and natural == 1000  # the PNG loads
    assert 600 <= shown <= 1000  # readable size; its own box scrolls sideways on a phone
    assert await page.js("document.querySelector('.timeline-wrap').clientWidth <= 390")
    assert await page.js("document.querySelectorAll('.diff ins').length") > 0
    assert await page.js("document.documentElement.scrollWidth <= window.innerWidth")
    await page.screenshot(ARTIFACTS / "platform-phone.png")
    await page.open(str(site.client.make_url("/platforms/hostile")), 1280, 900, mobile=False)
    assert not any(e.get("method") == "Page.javascriptDialogOpening" for e in page.events)
    assert await page.js("!document.querySelector('img[onerror]') && document.scripts.length === 1")
    assert "<script>" in await page.js(
        "document.querySelector('.diff ins, .diff .added').textContent"
    )
    await page.screenshot(ARTIFACTS / "platform-hostile-desktop.png")
