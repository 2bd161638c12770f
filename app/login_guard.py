"""With a login (GUIDE_AUTH): failed sign-ins are slowed per client address and logged without
the password, and no route but the login page and its static files answers without a login.

Gradio checks the login on most routes but not all (its reset, cancel and OpenAPI routes answer
anyone), so this ASGI middleware checks every request against Gradio's own sign-in tokens
before Gradio sees it.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

# What the login page itself loads before anyone has signed in (seen in Chromium), and the route
# Gradio calls on itself at launch (it runs the app's start-up events once, then does nothing).
OPEN_PATHS = ("/", "/login", "/login/", "/theme.css", "/favicon.ico", "/manifest.json",
              "/gradio_api/startup-events")
OPEN_PREFIXES = ("/static/", "/assets/")
FIRST_DELAY, MAX_DELAY = 1.0, 300.0  # seconds; doubled for each failure in a row


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


class LoginGuard:
    def __init__(self, app) -> None:
        self.app = app
        self.failures: dict[str, _Failures] = {}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        gradio = scope.get("app")
        path = scope.get("path", "")
        if getattr(gradio, "auth", None) is None:  # no login configured: nothing to guard
            return await self.app(scope, receive, send)
        if path in ("/login", "/login/") and scope.get("method") == "POST":
            return await self._sign_in(scope, receive, send)
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES) or self._signed_in(gradio, scope):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 4401})
        await _reply(send, 401, {"detail": "Not authenticated: sign in first."})

    @staticmethod
    def _signed_in(gradio, scope) -> bool:
        cookies = {}
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    key, _, val = part.strip().partition("=")
                    cookies[key] = val
        suffix = getattr(gradio, "cookie_id", "")
        token = cookies.get(f"access-token-{suffix}") or cookies.get(f"access-token-unsecure-{suffix}")
        return token is not None and token in getattr(gradio, "tokens", {})

    async def _sign_in(self, scope, receive, send) -> None:
        client = (scope.get("client") or ("unknown", 0))[0]
        record = self.failures.setdefault(client, _Failures())
        wait = record.locked_until - time.monotonic()
        if wait > 0:
            log.warning("sign-in from %s refused: %d failed attempts in a row, next allowed in "
                        "%.0f s", client, record.count, wait)
            return await _reply(send, 429, {"detail": f"Too many failed sign-ins. Try again in "
                                                      f"{wait:.0f} seconds."},
                                [(b"retry-after", str(int(wait) + 1).encode())])
        status = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code") == 200:
            self.failures.pop(client, None)
            return
        record.count += 1
        delay = min(FIRST_DELAY * 2 ** (record.count - 1), MAX_DELAY)
        record.locked_until = time.monotonic() + delay
        log.warning("failed sign-in from %s (%d in a row); next attempt allowed in %.0f s",
                    client, record.count, delay)


async def _reply(send, status: int, body: dict, headers: list | None = None) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": data})
