"""Shared fixtures of the web tests: a small real index, a live server on a free loopback port, headless Chromium.

- `web_index` (session): the fictional demo archive (scripts/make_demo_archive.py: PDF, DOCX, TXT) really ingested
  with the hash embedder, OCR off; `web_index.context()` opens a fresh `WebContext` over it, with a runtime made
  around the hash embedder.
- `live_app` (session): a factory, `live_app(ctx=None, settings=None, feedback=None, **sign_in)` → `LiveApp` with
  `.url`; sign_in is what `Accounts.launch_options()` returns (`auth`, `auth_message` or `auth_dependency`). Each
  server runs uvicorn in a thread and stops at the end of the session.
- `chromium` (session) and `chromium_page`: Debian's /usr/bin/chromium driven by Playwright (never a downloaded
  browser); the tests using them skip when it is absent.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from assistant.web.context import WebContext
from assistant.web.feedback import FeedbackLog
from tests.conftest import HashEmbeddings, load_script

CHROMIUM = Path("/usr/bin/chromium")
# The flags this machine needs: without the background-networking ones Chromium keeps dialling Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@dataclass
class WebIndex:
    settings: Settings
    archive: Path

    def context(self, settings: Settings | None = None) -> WebContext:
        """A context as `serve` opens one, its runtime made around the hash embedder the index was built with."""
        from assistant.factory import make_runtime

        settings = settings or self.settings
        return WebContext.open(settings, make_runtime(settings, HashEmbeddings()))


def build_web_index(base: Path) -> WebIndex:
    """Write the demo archive under `base/kho` and index it into `base/index` (hash embedder, no OCR)."""
    from assistant.factory import ingest_archive

    archive = base / "kho"
    load_script("make_demo_archive").write_demo_archive(archive)
    settings = Settings(data_dir=base, index_dir=base / "index", cache_dir=base / "cache", ocr=False)
    ingest_archive(settings, archive, HashEmbeddings())
    return WebIndex(settings, archive)


@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> WebIndex:
    return build_web_index(tmp_path_factory.mktemp("web"))


# -- a live server ---------------------------------------------------------------------------------------------------
class ServerThread:
    """uvicorn serving an ASGI app on 127.0.0.1 on a port the OS picked (or `port`: a restart at the same address,
    where the browser's localStorage still applies), in a daemon thread."""

    def __init__(self, app: Any, port: int = 0) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 30.0) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                msg = "the test server did not start"
                raise RuntimeError(msg)
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@dataclass
class LiveApp:
    url: str
    ctx: WebContext
    feedback: FeedbackLog
    thread: ServerThread


@pytest.fixture(scope="session")
def serve_asgi() -> Iterator[Callable[[Any], ServerThread]]:
    """A factory: `serve_asgi(app)` runs any ASGI app on a free loopback port until the session ends."""
    running: list[ServerThread] = []

    def start(app: Any) -> ServerThread:
        thread = ServerThread(app).start()
        running.append(thread)
        return thread

    yield start
    for thread in running:
        thread.stop()


@pytest.fixture(scope="session")
def live_app(web_index: WebIndex, serve_asgi: Callable[[Any], ServerThread]) -> Callable[..., LiveApp]:
    """A factory of live web apps over the demo index (see the module docstring)."""
    from app import CSS, build_app
    from assistant.web.server import create_server

    def start(
        ctx: WebContext | None = None,
        *,
        settings: Settings | None = None,
        feedback: FeedbackLog | None = None,
        **sign_in: Any,
    ) -> LiveApp:
        ctx = ctx or web_index.context(settings)
        feedback = feedback or FeedbackLog(ctx.settings.data_dir / "feedback.sqlite")
        server = create_server(build_app(ctx, feedback), ctx, css=CSS, **sign_in)
        thread = serve_asgi(server)
        return LiveApp(thread.url, ctx, feedback, thread)

    return start


def separate_data_dir(web_index: WebIndex, tmp: Path) -> Settings:
    """The demo index's settings with their own data dir (so a test reads only its own feedback.sqlite)."""
    return replace(web_index.settings, data_dir=tmp)


# -- the browser -----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright's bundled driver (nothing is downloaded)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium package (make install does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def chromium_page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context (own cookies, downloads allowed) and page, in Vietnamese, 1400×1000."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
