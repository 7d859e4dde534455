"""The web server: the Gradio app mounted on FastAPI, beside the one extra route, the archive's files (files.py).

A FastAPI route rather than Gradio's own file route with `allowed_paths`: links stay relative to the archive
(no server paths in the page), PDFs open inline at a page while Word files download, and the route checks the
same sign-in as the app (the Gradio session cookie, or the proxy's header)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import gradio as gr
from fastapi import FastAPI, Request
from starlette.routing import Mount

from assistant.factory import IndexNotBuilt
from assistant.settings import Settings
from assistant.web.context import WebContext
from assistant.web.files import file_router
from assistant.web.fonts import font_router, theme
from assistant.web.gradio_uploads import guard_gradio_uploads
from assistant.web.gradio_vi import LABELS_JS, translations
from assistant.web.headers import SecurityHeaders
from assistant.web.throttle import LoginThrottle, LoginThrottleMiddleware

log = logging.getLogger(__name__)

# Chats running at once; more wait in Gradio's queue. Retrieval is CPU-bound: scripts/load_chat.py measures it.
DEFAULT_CONCURRENCY = 4


def create_server(
    blocks: gr.Blocks,
    ctx: WebContext,
    *,
    css: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    auth: Callable[[str, str], bool] | None = None,
    auth_message: str | None = None,
    auth_dependency: Callable[[Any], str | None] | None = None,
    root_path: str | None = None,
) -> FastAPI:
    """The ASGI app to run (uvicorn): /tep/... for files, everything else Gradio's. Sign-in, when given (Gradio's
    login page with `auth`, or a reverse proxy's header with `auth_dependency`), covers both."""
    server = FastAPI(title="Trợ lý Kho Báo cáo", docs_url=None, redoc_url=None, openapi_url=None)
    signed_in = auth is not None or auth_dependency is not None
    checker = _user_checker(server) if signed_in else None
    server.include_router(file_router(lambda: _archive_root(ctx), checker, listed=_listed_in_catalogue(ctx)))
    server.include_router(font_router())
    guard_gradio_uploads(server, blocks, ctx.settings, checker)  # before mounting: Gradio reads its temp folder then
    login: Callable[[str, str], Any] | None = auth
    if auth is not None:
        login, auth_message = _guard_login(server, ctx.settings, auth, auth_message)
    blocks.queue(default_concurrency_limit=concurrency)
    gr.mount_gradio_app(
        server,
        blocks,
        path="/",
        auth=login,
        auth_message=auth_message,
        auth_dependency=auth_dependency,
        root_path=root_path,
        css=css,
        theme=theme(),  # DejaVu Sans for all text (fonts.py)
        ssr_mode=False,
        # no footer: its one link opened Gradio's API page, English prose and code samples that the i18n table
        # cannot reach; staff do not need it, and the /chat API stays, documented in the README
        footer_links=[],
        i18n=translations(),  # Gradio's own strings in Vietnamese (gradio_vi.py)
        js=LABELS_JS,  # and those it writes in English without a key
        # Gradio cuts an oversized upload off before it reaches disk; the upload handler checks the size again
        max_file_size=f"{ctx.settings.upload_max_mb}mb",
    )
    server.add_middleware(SecurityHeaders)  # added last, so outermost: a refusal by any other guard has them too
    return server


def _guard_login(
    server: FastAPI, settings: Settings, auth: Callable[[str, str], Any], auth_message: str | None
) -> tuple[Callable[[str, str], Awaitable[Any]], str]:
    """Gradio's login page, guarded: guesses counted and limited (throttle.py), passwords checked off the event
    loop; and the rule stated on the page, which shows nothing on a 429."""
    throttle = LoginThrottle(settings.login_max_fails, settings.login_lock_minutes * 60)
    server.add_middleware(LoginThrottleMiddleware, throttle=throttle)
    rule = (
        f"Sai mật khẩu {settings.login_max_fails} lần trong {settings.login_lock_minutes} phút thì phải chờ"
        f" {settings.login_lock_minutes} phút mới đăng nhập lại được."
    )
    return _off_the_event_loop(auth), f"{auth_message}. {rule}" if auth_message else rule


def _off_the_event_loop(auth: Callable[[str, str], Any]) -> Callable[[str, str], Awaitable[Any]]:
    """Gradio awaits an async `auth`, but calls a plain one inside its async login route: on the event loop, where
    a scrypt check (~50 ms, 16 MiB) stalls every request of every user while it runs."""
    if inspect.iscoroutinefunction(auth):
        return auth

    async def check(username: str, password: str) -> Any:
        return await anyio.to_thread.run_sync(auth, username, password)

    return check


def _archive_root(ctx: WebContext) -> Path | None:
    try:
        return ctx.archive_root()
    except IndexNotBuilt as error:  # there is no archive to serve from: every file is a 404
        log.warning("no archive root: %s", error)
        return None


def _listed_in_catalogue(ctx: WebContext) -> Callable[[str], bool]:
    """Whether the catalogue lists a path as an indexed document; asked per request, as an upload adds documents."""

    def listed(relative: str) -> bool:
        try:
            with ctx.catalog() as catalog:
                record = catalog.files().get(relative)
        except IndexNotBuilt:
            return False
        return record is not None and record.status == "indexed"

    return listed


def _user_checker(server: FastAPI) -> Callable[[Request], str | None]:
    """Who signed in, by the same rules as Gradio's own routes (its App keeps the login tokens)."""

    def gradio_app() -> Any:
        for route in server.routes:
            if isinstance(route, Mount) and hasattr(route.app, "tokens"):
                return route.app
        msg = "the Gradio app is not mounted"
        raise RuntimeError(msg)

    def current_user(request: Request) -> str | None:
        app = gradio_app()
        if app.auth_dependency is not None:
            user = app.auth_dependency(request)
            if inspect.isawaitable(user):  # an async dependency cannot be awaited from this sync route
                msg = "auth_dependency must be a plain function for the file route"
                raise TypeError(msg)
            return user
        token = request.cookies.get(f"access-token-{app.cookie_id}") or request.cookies.get(
            f"access-token-unsecure-{app.cookie_id}"
        )
        return app.tokens.get(token) if token else None

    return current_user


def serve(server: FastAPI, host: str, port: int) -> None:
    """Run until interrupted."""
    import uvicorn

    uvicorn.run(server, host=host, port=port, log_level="warning", access_log=False)
