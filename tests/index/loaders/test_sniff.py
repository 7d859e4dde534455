"""What a file's bytes are, whatever its name says, and the reason given when the name lies."""

from __future__ import annotations

import pytest

from index.loaders.sniff import not_what_it_says, one_line, sniff


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.4\n", "pdf"),  # a marker before the header: still a PDF
        (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "ole"),
        (b"{\\rtf1\\ansi\\deff0", "rtf"),
        (b"  <!DOCTYPE html><html><body>404</body></html>", "html"),
        (b"<?xml version='1.0'?><html>", "html"),
        ("Báo cáo số 45/BC-SCT".encode(), None),
    ],
)
def test_sniff_reads_the_bytes_not_the_name(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_the_reason_names_what_the_file_really_is() -> None:
    assert "HTML" in not_what_it_says("html", "PDF")
    assert "đổi đuôi thành .pdf" in not_what_it_says("pdf", "Word")
    assert not_what_it_says(None, "Word") == "tệp không phải Word hợp lệ (nội dung không đúng định dạng)"


def test_an_error_is_reported_on_one_short_line() -> None:
    assert one_line(ValueError("dòng một\n  dòng hai")) == "dòng một dòng hai"
    assert len(one_line("x" * 500)) == 200
