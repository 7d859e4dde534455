"""Gradio's own file routes, guarded, and Gradio's temp folder kept under the data directory.

Gradio stores whatever reaches POST /gradio_api/upload in its temp folder before any handler of ours runs, for any
signed-in user (anyone at all without accounts), and its other multipart routes read files too. Only the upload
tab's file box ever needs this (it is the app's only component that takes files), and only administrators may use
it: everyone else is refused before a byte is stored, and so is a request larger than TRO_LY_UPLOAD_MAX_MB.

The temp folder is <DATA_DIR>/gradio-tmp rather than the system's /tmp/gradio: emptied when the server starts of
what earlier runs left, and each upload's file deleted as soon as the upload tab has copied it into the archive (or
refused it). Several servers may share the data directory: one starting leaves alone what the others receive now.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.settings import Settings
from assistant.web.auth import admin_refusal, load_accounts

log = logging.getLogger(__name__)

TEMP_FOLDER = "gradio-tmp"
UPLOAD_ROUTE = "/gradio_api/upload"
# Gradio's other routes that read files from a multipart body; no component of this app uses them
OTHER_FILE_ROUTES = ("/gradio_api/component_server", "/gradio_api/process_recording")
# Older than this, an entry of the temp folder is what an earlier run left; younger, another server sharing the data
# directory may be receiving it now, or holding it while its upload waits for a long ingest to end.
LEFT_OVER_SECONDS = 24 * 3600
MULTIPART_MARGIN = 64 * 1024
"""Bytes allowed around the file in an upload request: the form's boundaries and part headers."""


def temp_folder(settings: Settings) -> Path:
    """Gradio's temp folder: <DATA_DIR>/gradio-tmp."""
    return (settings.data_dir / TEMP_FOLDER).resolve()


def use_temp_folder(blocks: gr.Blocks, settings: Settings) -> Path:
    """Empty <DATA_DIR>/gradio-tmp of what earlier runs left (a file chosen but never sent) and make it Gradio's.

    Gradio reads GRADIO_TEMP_DIR when a file arrives and when it checks one, but each component keeps the folder it
    saw when it was built (the file box leaves an empty temporary file there on every upload): the app's
    components are pointed at it too, since they were built before the server."""
    folder = temp_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - LEFT_OVER_SECONDS
    for entry in folder.iterdir():
        if entry.lstat().st_mtime < stale:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    for block in blocks.blocks.values():
        block.GRADIO_CACHE = str(folder)
    return folder


def discard_upload(path: str | Path | None, settings: Settings) -> None:
    """Delete an uploaded file from Gradio's temp folder once the upload tab is done with it: its folder (Gradio
    keeps each upload in a folder named by its hash) and the empty files Gradio leaves at the top. Nothing outside
    the temp folder is touched, whatever `path` says."""
    folder = temp_folder(settings)
    if path is not None:
        upload = Path(path).resolve()
        if upload.is_relative_to(folder) and upload != folder:
            own = folder / upload.relative_to(folder).parts[0]
            if own.is_dir():
                shutil.rmtree(own, ignore_errors=True)
            else:
                own.unlink(missing_ok=True)
    if folder.is_dir():
        for stray in folder.iterdir():
            if stray.is_file():  # uploads in progress are in folders of their own
                stray.unlink(missing_ok=True)


class UploadGuard:
    """ASGI middleware in front of Gradio: its upload route only for administrators and within the size limit, its
    other multipart file routes for nobody. `current_user` names the signed-in user of a request (None when nobody
    is signed in, or without accounts)."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, current_user: Callable[[Request], str | None] | None
    ) -> None:
        self.app = app
        self.settings = settings
        self.current_user = current_user

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope) if scope["type"] == "http" and scope["method"] == "POST" else None
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, message = refusal
        log.warning("refused %s %s: %s", scope["method"], scope["path"], message)
        await PlainTextResponse(message, status_code=status)(scope, receive, send)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        path = scope["path"].rstrip("/")
        request = Request(scope)
        if path.endswith(OTHER_FILE_ROUTES) and "multipart/" in request.headers.get("content-type", ""):
            return 403, "Ứng dụng không nhận tệp qua địa chỉ này."
        if not path.endswith(UPLOAD_ROUTE):
            return None
        user = self.current_user(request) if self.current_user is not None else None
        refusal = admin_refusal(SimpleNamespace(username=user), load_accounts(self.settings))
        if refusal is not None:
            return (401 if user is None and self.current_user is not None else 403), refusal
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            return 411, "Yêu cầu tải lên phải cho biết độ dài (Content-Length)."
        limit_mb = self.settings.upload_max_mb
        if int(length) > limit_mb * 1024 * 1024 + MULTIPART_MARGIN:
            return 413, f"Tệp nặng {int(length) / 1024 / 1024:.1f} MB, vượt giới hạn {limit_mb} MB."
        return None


def guard_gradio_uploads(
    server: Any, blocks: gr.Blocks, settings: Settings, current_user: Callable[[Request], str | None] | None
) -> None:
    """Gradio's temp folder under the data directory, emptied now; its file routes guarded (`UploadGuard`)."""
    use_temp_folder(blocks, settings)
    server.add_middleware(UploadGuard, settings=settings, current_user=current_user)
