"""The original files of the archive, served read-only under /tep/<path in the archive>, and nothing else.

A requested path is resolved (symlinks followed) and must still lie inside the archive root: "../", absolute
paths, encoded dots and links pointing outside all end in 404, the same answer as a file that does not exist, so
the route tells nothing about the rest of the disk. Only documents the catalogue lists as indexed are served (the
files a user can find in the app anyway), never a hidden file or folder ("." first), whatever lies on the disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from index.archive import NotInArchive, resolve_in_archive  # the one containment rule, shared with the ingest

log = logging.getLogger(__name__)

ROUTE = "tep"  # "tệp": the URL prefix of archive files
# Opened in the browser's own viewer; everything else (DOCX, DOC, TXT...) is downloaded under its own name.
INLINE_TYPES = {".pdf": "application/pdf"}
# A served file runs nothing in this app's name: no script, form, frame or base of ours; a PDF is shown only by the
# browser's own viewer (object-src, and the inline styles of the page the viewer sits in). A download is sandboxed.
INLINE_POLICY = (
    "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOWNLOAD_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
DOWNLOAD_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
}


def file_url(doc_path: str, page: int | None = None) -> str:
    """The link to a document of the archive (relative, so it works under a reverse proxy's sub-path)."""
    url = f"{ROUTE}/{quote(doc_path, safe='/')}"
    if page and PurePosixPath(doc_path).suffix.lower() == ".pdf":
        url += f"#page={page}"
    return url


def file_router(
    archive_root: Callable[[], Path | None],
    current_user: Callable[[Request], str | None] | None = None,
    *,
    listed: Callable[[str], bool],
) -> APIRouter:
    """GET /tep/{path}: the file, inline for PDF, as a download otherwise.

    `archive_root` is asked on every request (an upload may re-index another folder); `current_user`, when sign-in
    is on, returns the signed-in user or None, and a request without one gets 401 like the app itself; `listed`
    says whether the catalogue lists a path as an indexed document."""
    router = APIRouter()

    @router.get(f"/{ROUTE}/{{relative:path}}", include_in_schema=False)
    def archive_file(relative: str, request: Request) -> FileResponse:
        if current_user is not None and current_user(request) is None:
            raise HTTPException(status_code=401, detail="Cần đăng nhập")
        root = archive_root()
        if root is None:
            raise HTTPException(status_code=404, detail="Chưa có kho văn bản")
        try:
            path = resolve_in_archive(root, relative)
            if _hidden(relative) or _hidden(path.relative_to(root.resolve()).as_posix()) or not listed(relative):
                raise NotInArchive(relative, "tệp ẩn hoặc không có trong danh mục")
        except NotInArchive:
            log.info("refused file request %r", relative)
            raise HTTPException(status_code=404, detail="Không có tệp này trong kho") from None
        suffix = path.suffix.lower()
        if suffix in INLINE_TYPES:
            return FileResponse(
                path,
                media_type=INLINE_TYPES[suffix],
                filename=path.name,
                content_disposition_type="inline",
                headers={"Content-Security-Policy": INLINE_POLICY},
            )
        media = DOWNLOAD_TYPES.get(suffix, "application/octet-stream")
        return FileResponse(
            path,
            media_type=media,
            filename=path.name,
            content_disposition_type="attachment",
            headers={"Content-Security-Policy": DOWNLOAD_POLICY},
        )

    return router


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(relative).parts)
