"""A DOCX whose document.xml declares a DOCTYPE with entities: the text around an entity is kept, and nothing an
entity names is ever read, neither a file on disk nor an address on the network (a loopback server counts asks)."""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.loaders import load_document
from index.ocr import OcrConfig
from tests.data.fixtures import make_docx

SECRET = "MẬT KHẨU BÍ MẬT 4711"


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        body = f'<!ENTITY leak "{SECRET}">'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that answers any GET with an entity declaration, and lists what it was asked."""
    _CountingHandler.asked = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _CountingHandler.asked
    server.shutdown()
    server.server_close()


def _docx_with_doctype(path: Path, doctype: str, paragraphs: dict[str, str]) -> Path:
    """A real DOCX (python-docx's own) whose document.xml gets `doctype` and has each placeholder of `paragraphs`
    replaced by raw XML (an entity reference)."""
    source = make_docx(path.with_name("nguon.docx"), list(paragraphs))
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                declaration, rest = data.decode("utf-8").split("?>", 1)
                xml = f"{declaration}?>{doctype}{rest}"
                for placeholder, raw in paragraphs.items():
                    xml = xml.replace(placeholder, raw)
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return path


def test_text_after_an_entity_is_kept_and_no_entity_is_resolved(
    tmp_path: Path, loopback_server: tuple[str, list[str]]
) -> None:
    url, asked = loopback_server
    secret = tmp_path / "bi-mat.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doctype = (
        "<!DOCTYPE w:document ["
        f'<!ENTITY xxe SYSTEM "file://{secret}">'
        f'<!ENTITY web SYSTEM "{url}/thuc-the">'
        f'<!ENTITY % tham-so SYSTEM "{url}/tham-so"> %tham-so;'
        '<!ENTITY ten "Vân Mộng">'
        "]>"
    )
    path = _docx_with_doctype(
        tmp_path / "thuc-the.docx",
        doctype,
        {
            "BẮT ĐẦU DẤU1 KẾT THÚC": "BẮT ĐẦU &xxe; KẾT THÚC",
            "MỘT DẤU2 HAI": "MỘT &web; HAI",
            "BA DẤU3 BỐN": "BA &ten; BỐN",
        },
    )
    text = load_document(path, tmp_path, OcrConfig(enabled=False)).text
    assert text.split("\n") == ["BẮT ĐẦU KẾT THÚC", "MỘT HAI", "BA BỐN"]
    assert SECRET not in text
    # neither the external entity nor the parameter entity was fetched (today's libxml2 has no HTTP client at all;
    # the count guards against a parser that has one)
    assert asked == []
