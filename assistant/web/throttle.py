"""Password guessing: after TRO_LY_LOGIN_MAX_FAILS failed sign-ins for one name or from one address within
TRO_LY_LOGIN_LOCK_MINUTES, that name or address gets HTTP 429 for as many minutes, its password left unchecked.

`LoginThrottle` keeps the counts; `LoginThrottleMiddleware` stands in front of Gradio's own `/login` route (which
keeps its tokens and cookies) and learns each attempt's outcome from the status Gradio answers: 200 signed in, 400
wrong name or password. An attempt is counted from the moment it starts, so that a burst of guesses sent at once
is held to the same number as guesses sent one by one.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse

log = logging.getLogger(__name__)

LOCKED_MESSAGE = "Đăng nhập sai quá nhiều lần ({fails} lần trong {window} phút). Hãy thử lại sau {wait} phút."
LOGIN_PATHS = ("/login", "/login/")
MAX_LOGIN_BODY = 64 * 1024  # a name and a password; anything larger is not a sign-in
MAX_NAME_CHARS = 200  # of a name as counted and logged: a guessed name is the guesser's text
MAX_TRACKED = 10_000  # names and addresses remembered at once; the oldest quiet ones are forgotten first

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class LoginThrottle:
    """Failed attempts per key (a name, an address) in a sliding window, and the keys locked out."""

    def __init__(self, max_fails: int, lock_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_fails = max_fails
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._pending: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def begin(self, keys: tuple[str, ...]) -> float:
        """0 when an attempt for these keys may be checked (it is then pending until `end`), else the seconds to
        wait: a key is locked, or its failures and attempts under way already reach the limit."""
        with self._lock:
            now = self.clock()
            waits = [until - now for key in keys if (until := self._locked_until.get(key, 0.0)) > now]
            if waits:
                return max(waits)
            if any(len(self._recent(key, now)) + self._pending.get(key, 0) >= self.max_fails for key in keys):
                return 1.0  # the attempts under way will say; a lock follows if they fail
            for key in keys:
                self._pending[key] = self._pending.get(key, 0) + 1
            return 0.0

    def end(self, keys: tuple[str, ...], failed: bool) -> list[int]:
        """The outcome of an attempt `begin` let through: a failure counts, and locks a key at the limit. Returns
        each key's failures in the window (the limit itself for a key this failure locked)."""
        counts = []
        with self._lock:
            now = self.clock()
            for key in keys:
                self._pending[key] = self._pending.get(key, 1) - 1
                if self._pending[key] <= 0:
                    del self._pending[key]
                recent = self._recent(key, now)
                if failed:
                    recent.append(now)
                    self._failures[key] = recent
                counts.append(len(recent))
                if failed and len(recent) >= self.max_fails:
                    self._locked_until[key] = now + self.lock_seconds
                    del self._failures[key]
            if failed and len(self._failures) + len(self._locked_until) > MAX_TRACKED:
                self._forget(now)
        return counts

    def clear(self, key: str) -> None:
        """A signed-in name starts again from no failures (its address does not: one account must not reset the
        count of guesses made from the same place at other names)."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.get(key, deque())
        while recent and recent[0] <= now - self.lock_seconds:
            recent.popleft()
        return recent

    def _forget(self, now: float) -> None:
        self._locked_until = {k: until for k, until in self._locked_until.items() if until > now}
        self._failures = {k: r for k, r in self._failures.items() if r and r[-1] > now - self.lock_seconds}
        while len(self._failures) + len(self._locked_until) > MAX_TRACKED and self._failures:
            del self._failures[min(self._failures, key=lambda k: self._failures[k][-1])]


class LoginThrottleMiddleware:
    """ASGI middleware: counts Gradio's sign-ins, refuses locked names and addresses with 429, logs each failure."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await PlainTextResponse("Yêu cầu đăng nhập quá lớn.", status_code=413)(scope, receive, send)
            return
        name = await _username(scope, body)
        # behind nginx, uvicorn has put the X-Forwarded-For address here (proxy headers: on, trusted from loopback)
        address = (scope.get("client") or ("?",))[0]
        keys = (f"tên:{name.casefold()}", f"địa chỉ:{address}")
        wait = self.throttle.begin(keys)
        if wait:
            log.info("sign-in refused (locked): name %r from %s", name, address)  # the lock itself was logged
            await self._locked(wait)(scope, receive, send)
            return
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), watch)
        finally:
            failed = status == [400]  # Gradio's answer to a wrong name or password
            by_name, by_address = self.throttle.end(keys, failed)
            limit = self.throttle.max_fails
            if failed:
                log.warning(
                    "failed sign-in: name %r from %s (%d/%d for this name, %d/%d from this address)%s",
                    name,
                    address,
                    by_name,
                    limit,
                    by_address,
                    limit,
                    "; locked" if max(by_name, by_address) >= limit else "",
                )
            elif status == [200]:
                self.throttle.clear(keys[0])

    def _locked(self, wait: float) -> JSONResponse:
        window = vietnamese_minutes(self.throttle.lock_seconds)
        text = LOCKED_MESSAGE.format(fails=self.throttle.max_fails, window=window, wait=vietnamese_minutes(wait))
        return JSONResponse({"detail": text}, status_code=429, headers={"Retry-After": str(math.ceil(wait))})


def vietnamese_minutes(seconds: float) -> str:
    """Whole minutes, rounded up: a wait of 10 seconds is "1"."""
    return str(max(1, math.ceil(seconds / 60)))


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None past MAX_LOGIN_BODY."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_LOGIN_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then waits on the client as the original would."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _username(scope: Scope, body: bytes) -> str:
    """The form's user name (Gradio's page posts multipart, scripts often urlencoded), stripped as Gradio does."""
    request = Request(scope, _replay(body, _no_more))
    try:
        form = await request.form()
        return str(form.get("username") or "").strip()[:MAX_NAME_CHARS]
    except Exception as error:  # a malformed form: Gradio will refuse it; the address is still counted
        log.info("sign-in form not read: %s", error)
        return ""
    finally:
        await request.close()


async def _no_more() -> Message:
    return {"type": "http.disconnect"}
