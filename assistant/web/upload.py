"""The "Tải lên" tab: administrators add a document to the archive (indexed at once) or delete one.

The handlers check the signed-in role themselves: hiding a button protects nothing, Gradio's API is reachable
without the page. An upload is saved under <archive>/tai-len/ and indexed by the index's own incremental `ingest`,
so the CLI and the web app keep one index; a file the pipeline cannot read is taken out again, and a deletion is the
index's `forget`. Both hold the index's lock (index/lock.py), which the handlers take around their own checks too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.factory import IndexNotBuilt
from assistant.web.archive_writes import copy_new, free_target, remove_archive_entry
from assistant.web.auth import admin_refusal, load_accounts
from assistant.web.context import WebContext
from assistant.web.gradio_uploads import discard_upload
from assistant.web.markup import escape
from assistant.web.upload_checks import ALLOWED_SUFFIXES, UploadRejected, check_file, safe_file_name
from index.archive import walk_archive
from index.pipeline import IngestSummary, file_sha256
from index.pipeline import Progress as IngestProgress

if TYPE_CHECKING:
    from assistant.lexical import LexicalIndex
    from index.index import Index

log = logging.getLogger(__name__)

UPLOAD_FOLDER = "tai-len"
Progress = Callable[[float, str], None]
WAITING = "Đang chờ một lượt lập chỉ mục khác (tải lên, xóa hoặc lệnh ingest) chạy xong"
NO_ARCHIVE = (
    "Không tìm thấy thư mục kho của chỉ mục này. Hãy lập chỉ mục một lần bằng dòng lệnh "
    "(python -m assistant ingest THU_MUC_KHO) rồi tải lên lại."
)


@dataclass(frozen=True)
class UploadResult:
    ok: bool
    message: str  # Markdown, document text escaped
    doc_path: str | None = None


# -- plain handlers (tested without a browser) ---------------------------------------------------------------------
def upload_document(ctx: WebContext, request: Any, source: str | Path | None, progress: Progress | None = None) -> str:
    """Save an uploaded file into the archive and index it; Markdown saying what happened."""
    try:
        return save_and_index(ctx, request, source, progress or _no_progress).message
    except UploadRejected as error:
        return f"**Không nhận tệp.** {escape(error)}"


def delete_document(ctx: WebContext, request: Any, doc_path: str | None, confirmed: bool) -> str:
    """Remove one document from archive and index; Markdown saying what happened."""
    try:
        _require_admin(ctx, request)
        if not doc_path:
            raise UploadRejected("Hãy chọn văn bản cần xóa.")
        if not confirmed:
            raise UploadRejected("Hãy đánh dấu ô xác nhận trước khi xóa.")
        removed_file = remove_document(ctx, doc_path)
    except UploadRejected as error:
        return f"**Không xóa được.** {escape(error)}"
    if not removed_file:
        return (
            f"Đã xóa **{escape(doc_path)}** khỏi chỉ mục. Tệp không còn trong thư mục kho "
            "(hoặc trỏ ra ngoài kho) nên không có gì bị xóa trên đĩa."
        )
    return f"Đã xóa **{escape(doc_path)}** khỏi kho và khỏi chỉ mục."


def document_choices(ctx: WebContext) -> list[str]:
    """The indexed documents an administrator may delete, by path."""
    try:
        with ctx.catalog() as catalog:
            return [record.path for record in catalog.indexed_documents()]
    except IndexNotBuilt:
        return []


def access_notice(ctx: WebContext, request: Any) -> str:
    """Who is signed in and whether they may change the archive, shown above the form."""
    refusal = admin_refusal(request, load_accounts(ctx.settings))
    if refusal:
        return f"⚠️ {escape(refusal)}"
    return f"Bạn đang đăng nhập với quyền quản trị. Tệp tối đa {ctx.settings.upload_max_mb} MB: PDF, DOCX, DOC, TXT."


# -- the work ------------------------------------------------------------------------------------------------------
def save_and_index(ctx: WebContext, request: Any, source: str | Path | None, progress: Progress) -> UploadResult:
    """Check, save and index one upload; raises UploadRejected with the reason when it is refused."""
    _require_admin(ctx, request)
    if not source:
        raise UploadRejected("Chưa chọn tệp nào.")
    source = Path(source)
    name = safe_file_name(source.name)
    check_file(source, ctx.settings.upload_max_mb)
    index = _index(ctx)
    with index.locked(lambda: progress(0.02, WAITING)):
        archive = _archive(ctx)
        sha = file_sha256(source)
        progress(0.05, "Đang lưu tệp vào kho")
        with ctx.catalog() as catalog:
            same = [r.path for r in catalog.files().values() if r.sha256 == sha and r.status == "indexed"]
        if same:
            return UploadResult(
                True, f"Tệp này đã có trong kho: **{escape(same[0])}**. Không cần tải lên lại.", same[0]
            )
        target = free_target(archive / UPLOAD_FOLDER, name, sha)
        rel = target.relative_to(archive).as_posix()
        _check_nothing_missing(ctx, archive, rel)
        copied = not target.exists()
        if copied:
            copy_new(source, target)
        try:
            # with `serve`'s background worker, phase 1 only: searchable in seconds, embedded behind the questions
            summary = index.ingest(archive, _file_ticks(archive, progress), embed=ctx.background is None)
        except BaseException:
            if copied:  # an ingest that failed half-way leaves no stray file; the next ingest heals the index
                target.unlink(missing_ok=True)
            raise
        reason = _skipped_reason(summary, rel)
        if reason is not None:
            target.unlink(missing_ok=True)
            index.forget(rel)  # not even a "skipped" row is left behind
            raise UploadRejected(f"Không đọc được tệp {name}: {reason}. Kho và chỉ mục giữ nguyên như trước.")
        progress(0.95, "Đang nạp lại trợ lý")
        ctx.reload()
    if ctx.background is not None:
        ctx.background.wake()
    return UploadResult(True, _indexed_message(ctx, rel, summary), rel)


def remove_document(ctx: WebContext, doc_path: str) -> bool:
    """Delete the file from the archive, then its catalog row, vectors and registry entries; whether a file was
    deleted on disk. Any catalog row can go, even when its file is gone or leads outside the archive."""
    index = _index(ctx)
    with index.locked():
        archive = _archive(ctx)
        with ctx.catalog() as catalog:
            if doc_path not in catalog.files():
                raise UploadRejected(f"Không có văn bản {doc_path} trong chỉ mục.")
        # the file first: if removing it from the index fails, the next ingest sees it gone and finishes the job
        removed_file = remove_archive_entry(archive, doc_path)
        index.forget(doc_path)
        ctx.reload()
    log.info("Đã xóa %s khỏi chỉ mục%s", doc_path, " và khỏi kho" if removed_file else "")
    return removed_file


def _require_admin(ctx: WebContext, request: Any) -> None:
    refusal = admin_refusal(request, load_accounts(ctx.settings))
    if refusal:
        raise UploadRejected(refusal)


def _index(ctx: WebContext) -> Index[LexicalIndex]:
    if ctx.index is None:
        raise UploadRejected(NO_ARCHIVE)
    return ctx.index


def _archive(ctx: WebContext) -> Path:
    try:
        archive = ctx.archive_root()
    except IndexNotBuilt:
        archive = None
    if archive is None or not archive.is_dir():
        raise UploadRejected(NO_ARCHIVE)
    return archive


def _check_nothing_missing(ctx: WebContext, archive: Path, new_rel: str) -> None:
    """Refuse to ingest when indexed files are missing on disk (an unmounted share, a moved folder): the ingest
    would delete them from the index, and an upload must never cost documents already indexed."""
    scan = walk_archive(archive)  # a path the ingest refuses (a link leading outside) is present, not missing
    present = {rel for rel, _ in scan.files} | {rel for rel, _ in scan.refused} | {new_rel}
    with ctx.catalog() as catalog:
        missing = sorted(path for path, r in catalog.files().items() if r.status == "indexed" and path not in present)
    if missing:
        raise UploadRejected(
            f"{len(missing)} văn bản đã lập chỉ mục không còn trong thư mục kho {archive} (ví dụ: {missing[0]}). "
            "Hãy kiểm tra thư mục kho, hoặc chạy python -m assistant ingest để cập nhật chỉ mục, rồi tải lên lại."
        )


def _file_ticks(archive: Path, progress: Progress) -> IngestProgress:
    """The ingest's progress as the share of the archive's files done."""
    scan = walk_archive(archive)
    total = max(1, len(scan.files) + len(scan.refused))  # the ingest ticks refused entries too
    done = 0

    def tick(what: str, n: int) -> None:
        nonlocal done
        if what == "file":
            done += n
            progress(0.1 + 0.8 * done / total, f"Đang lập chỉ mục: {done}/{total} tệp")

    progress(0.1, "Đang lập chỉ mục")
    return tick


def _skipped_reason(summary: IngestSummary, rel: str) -> str | None:
    for skipped in summary.files_skipped:
        if skipped["file"] == rel:
            return skipped["reason"] or "không rõ lý do"
    return None


def _indexed_message(ctx: WebContext, rel: str, summary: IngestSummary) -> str:
    with ctx.catalog() as catalog:
        record = catalog.files().get(rel)
    meta = record.meta if record else None
    about = []
    if meta:
        title = meta.title if meta.doc_type or meta.number else ""
        about = [p for p in (title, meta.subject) if p]
    waiting = record is not None and not record.embedded
    lines = [
        f"Đã thêm **{escape(rel)}** vào kho và lập chỉ mục: {record.pages if record else 0} trang, "
        f"{record.chunks if record else 0} đoạn. Có thể hỏi về văn bản này ngay"
        + (" theo từ khóa và số hiệu; việc nhúng để tìm theo nghĩa đang chạy nền." if waiting else ".")
    ]
    if about:
        lines.append("Nhận diện: " + escape(" — ".join(about)))
    others = summary.files_new + summary.files_updated + summary.files_removed - 1
    if others > 0:
        lines.append(f"Chỉ mục cũng cập nhật {others} thay đổi khác trong thư mục kho.")
    return "\n\n".join(lines)


def _no_progress(fraction: float, description: str) -> None:
    return None


# -- wiring --------------------------------------------------------------------------------------------------------
def build_upload_tab(ctx: WebContext) -> None:
    """Components of the upload tab, inside an open `gr.Tab`; every check happens in the handlers above."""
    notice = gr.Markdown(elem_id="upload-notice")
    with gr.Group():
        file = gr.File(
            label="Tệp văn bản",
            file_types=list(ALLOWED_SUFFIXES),
            file_count="single",
            type="filepath",
            elem_id="upload-file",
        )
        upload_button = gr.Button("Tải lên và lập chỉ mục", variant="primary")
    upload_status = gr.Markdown(elem_id="upload-status")
    gr.Markdown("### Xóa văn bản khỏi kho")
    with gr.Row():
        chosen = gr.Dropdown(label="Văn bản", choices=[], interactive=True, allow_custom_value=False, scale=3)
        confirm = gr.Checkbox(label="Tôi chắc chắn muốn xóa tệp này khỏi kho và chỉ mục", scale=2)
    delete_button = gr.Button("Xóa văn bản", variant="stop")
    delete_status = gr.Markdown(elem_id="delete-status")

    def admin_choices(request: gr.Request) -> list[str]:
        # every document's path is the delete form's list: it goes to administrators only, never in another's reply
        return document_choices(ctx) if admin_refusal(request, load_accounts(ctx.settings)) is None else []

    def show_notice(request: gr.Request) -> tuple[str, Any]:
        return access_notice(ctx, request), gr.update(choices=admin_choices(request), value=None)

    # Gradio finds the progress tracker by its default value: the call in the signature is how it is asked for
    def on_upload(path: str | None, request: gr.Request, progress: gr.Progress = gr.Progress()) -> tuple[str, Any]:  # noqa: B008
        try:
            message = upload_document(ctx, request, path, lambda f, d: progress(f, desc=d))
        finally:
            discard_upload(path, ctx.settings)  # copied into the archive or refused: Gradio's copy has served
        return message, gr.update(choices=admin_choices(request))

    def on_delete(doc_path: str | None, sure: bool, request: gr.Request) -> tuple[str, Any, bool]:
        message = delete_document(ctx, request, doc_path, sure)
        return message, gr.update(choices=admin_choices(request), value=None), False

    gr.on(triggers=None, fn=show_notice, outputs=[notice, chosen], queue=False)
    upload_button.click(on_upload, inputs=[file], outputs=[upload_status, chosen], api_name="upload_document")
    delete_button.click(
        on_delete, inputs=[chosen, confirm], outputs=[delete_status, chosen, confirm], api_name="delete_document"
    )
