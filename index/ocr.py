"""OCR of PDF pages: render with pypdfium2, read with Tesseract, cache the text on disk by content hash.

Tesseract runs as a subprocess with OMP_THREAD_LIMIT=1: its OpenMP threads only slow it down when several
pages or processes share the machine's cores; a PDF's pages are read `workers` at a time instead. PDFium is not
thread-safe, so pages are rendered one at a time, which is quick beside Tesseract.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)

_TESSERACT_TIMEOUT_S = 180
_PDFIUM = threading.Lock()  # PDFium may not be called from two threads at once, even on different documents


@dataclass(frozen=True)
class OcrConfig:
    """Whether and how scanned pages are OCRed; `cache_dir` keeps OCR text so a re-ingest never OCRs twice."""

    enabled: bool = True
    lang: str = "vie"
    dpi: int = 300
    cache_dir: Path | None = None
    workers: int = 1  # pages of one PDF OCR'd at once (one Tesseract process each)


@functools.cache
def tesseract_problem(lang: str) -> str | None:
    """Why Tesseract cannot OCR `lang` on this machine (None when it can); checked once per process."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "không tìm thấy chương trình tesseract (cài gói tesseract-ocr và tesseract-ocr-vie)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"không chạy được tesseract: {exc}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if any(part not in langs for part in lang.split("+")):
        return f"tesseract thiếu dữ liệu ngôn ngữ '{lang}' (cài gói tesseract-ocr-{lang.split('+')[0]})"
    return None


@functools.cache
def _warn_once(message: str) -> None:
    log.warning(message)


def ocr_available(config: OcrConfig) -> bool:
    """Whether pages can be OCRed with `config`; logs once why not when OCR is enabled but impossible."""
    if not config.enabled:
        return False
    problem = tesseract_problem(config.lang)
    if problem is not None:
        _warn_once(f"OCR đang bật nhưng không dùng được: {problem}. Trang scan sẽ chỉ giữ lớp chữ sẵn có.")
        return False
    return True


def ocr_image(image: Image.Image, lang: str = "vie") -> str:
    """Text of one page image read by Tesseract (raises OSError or subprocess errors when Tesseract fails)."""
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", lang],
        input=buffer.getvalue(),
        capture_output=True,
        env=env,
        timeout=_TESSERACT_TIMEOUT_S,
        check=True,
    )
    return result.stdout.decode("utf-8", errors="replace").replace("\f", "").strip()


def render_page(pdf: bytes, page_number: int, dpi: int) -> Image.Image:
    """Page `page_number` (1-based) of a PDF rendered to a PIL image at `dpi`, without annotations."""
    import pypdfium2 as pdfium  # heavy native library: loaded only when a page is rendered

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[page_number - 1]
            # signature stamps are annotations: drawing them would put their text over the scanned body
            bitmap = page.render(scale=dpi / 72, draw_annots=False, grayscale=True)
            return bitmap.to_pil()
        finally:
            document.close()


def cache_key(file_sha256: str, page_number: int, config: OcrConfig) -> str:
    """Name of the cached OCR text of one page: file content hash, page, dpi and language."""
    return f"{file_sha256}-p{page_number}-{config.dpi}dpi-{config.lang.replace('+', '_')}"


def ocr_pdf_page(pdf: bytes, page_number: int, config: OcrConfig, file_sha256: str | None = None) -> str | None:
    """OCR text of one PDF page, from the cache when present; None when OCR is off, impossible or failed."""
    if not config.enabled:
        return None
    sha = file_sha256 or hashlib.sha256(pdf).hexdigest()
    cached: Path | None = None
    if config.cache_dir is not None:
        cached = config.cache_dir / sha[:2] / (cache_key(sha, page_number, config) + ".txt")
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
    if not ocr_available(config):
        return None
    try:
        text = ocr_image(render_page(pdf, page_number, config.dpi), config.lang)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:  # RuntimeError: PdfiumError
        log.warning("OCR trang %d thất bại: %s", page_number, exc)
        return None
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cached)  # atomic: a parallel ingest never reads half a file
    return text
