"""HTTP plumbing of the status site: error pages (HTML, or JSON under /api), caching with ETags,
security headers, and the static files."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.adapters.web import api, markup
from bot.services.errors import UnknownPlatform

log = logging.getLogger(__name__)

HTML = "text/html"
JSON = "application/json"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        text=api.dumps(data), status=status, content_type="application/json", charset="utf-8"
    )


def cached(request: web.Request, body: bytes, content_type: str, *, max_age: int) -> web.Response:
    """A response with a strong ETag; answers 304 when the client already has it."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    response = web.Response(body=body, headers=headers)
    response.content_type = content_type
    if content_type.startswith(("application/atom", "text/")):
        response.charset = "utf-8"
    return response


def _wants_json(request: web.Request) -> bool:
    return request.path == "/api" or request.path.startswith("/api/") or request.path == "/healthz"


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """404/405/500 as HTML pages, or JSON under /api. Nothing internal leaks to the client.
    The web site's one place for error text (bot.services.errors)."""
    try:
        return await handler(request)
    except UnknownPlatform as exc:
        message = f"We don't track a platform called “{exc.query[:60]}”."
        if _wants_json(request):
            names = [p.id for p in exc.suggestions]
            return json_response(
                {"error": "not_found", "message": message, "suggestions": names}, 404
            )
        text = markup.not_found_page(message, exc.suggestions)
        return web.Response(text=text, status=404, content_type=HTML)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        message = "There is no page at this address." if exc.status == 404 else exc.reason
        if _wants_json(request):
            body = {"error": exc.reason.lower().replace(" ", "_"), "message": message}
            return json_response(body, exc.status)
        page = (
            markup.not_found_page(message)
            if exc.status == 404
            else markup.error_page(exc.status, message)
        )
        response = web.Response(text=page, status=exc.status, content_type=HTML)
        if exc.status == 405 and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("web: %s %s failed", request.method, request.path)
        if _wants_json(request):
            return json_response({"error": "internal", "message": "Something went wrong."}, 500)
        return web.Response(
            text=markup.error_page(500, "Something went wrong on our side."),
            status=500,
            content_type=HTML,
        )


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


STATIC_TYPES = {".css": "text/css", ".js": "text/javascript"}


def static_handler(folder: Path) -> Handler:
    """Serves the few files of static/ from memory (read once, when the app is built)."""
    files = {
        path.name: (path.read_bytes(), STATIC_TYPES[path.suffix])
        for path in folder.iterdir()
        if path.suffix in STATIC_TYPES
    }

    async def handler(request: web.Request) -> web.StreamResponse:
        found = files.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        body, content_type = found
        return cached(request, body, content_type, max_age=3600)

    return handler
