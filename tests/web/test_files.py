"""The archive's files are served, and nothing else: traversal, absolute, encoded and symlinked paths all fail."""

from __future__ import annotations

import http.client
import os
from pathlib import Path

import gradio as gr
import pytest

from assistant.factory import catalog_path
from assistant.settings import Settings
from assistant.web.context import WebContext
from assistant.web.files import NotInArchive, file_url, resolve_in_archive
from assistant.web.server import create_server
from index.catalog import Catalog
from index.records import DocMeta

SECRET = "MẬT — không được đọc qua ứng dụng"
# the catalogue's rows; the links leading outside are listed too: a row never opens a path the containment refuses
LISTED = ("bao-cao/BC 45.pdf", "cong-van.docx", "ghi chú.txt", "lien-ket-ra-ngoai.txt", "thu-muc-ngoai/x.txt")


class FixedArchive(WebContext):
    """A context whose archive is a given folder, its catalogue listing `listed` as indexed (the route serves
    nothing else): a real catalogue, no real index."""

    def __init__(self, root: Path, listed: tuple[str, ...] = ()) -> None:
        super().__init__(Settings(data_dir=root.parent, index_dir=root.parent / "index"), None)
        self.root = root
        catalog = Catalog(catalog_path(self.settings))
        for path in listed:
            catalog.record_indexed(path, sha256="-", size=0, kind="txt", meta=DocMeta(path=path), chunks=[])
        catalog.close()

    def archive_root(self) -> Path | None:
        return self.root


@pytest.fixture(scope="module")
def disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """base/kho (the archive) beside base/bi-mat.txt and base/kho-khac/ (outside it), with links both ways."""
    base = tmp_path_factory.mktemp("files")
    archive = base / "kho"
    (archive / "bao-cao").mkdir(parents=True)
    (archive / "bao-cao" / "BC 45.pdf").write_bytes(b"%PDF-1.4 fictional\n%%EOF\n")
    (archive / "cong-van.docx").write_bytes(b"PK\x03\x04 fictional docx")
    (archive / "ghi chú.txt").write_text("Ghi chú nội bộ", encoding="utf-8")
    (base / "bi-mat.txt").write_text(SECRET, encoding="utf-8")
    (base / "kho-khac").mkdir()
    (base / "kho-khac" / "x.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(base / "bi-mat.txt", archive / "lien-ket-ra-ngoai.txt")
    os.symlink(base / "kho-khac", archive / "thu-muc-ngoai")
    os.symlink(archive / "ghi chú.txt", archive / "lien-ket-trong.txt")
    return base


def test_resolve_accepts_files_inside_the_archive(disk: Path) -> None:
    archive = disk / "kho"
    assert resolve_in_archive(archive, "bao-cao/BC 45.pdf") == (archive / "bao-cao" / "BC 45.pdf").resolve()
    # a link that stays inside the archive is followed to its target
    assert resolve_in_archive(archive, "lien-ket-trong.txt").name == "ghi chú.txt"


@pytest.mark.parametrize(
    "relative",
    [
        "../bi-mat.txt",
        "bao-cao/../../bi-mat.txt",
        "/etc/passwd",
        "lien-ket-ra-ngoai.txt",
        "thu-muc-ngoai/x.txt",
        "bao-cao",
        "khong-co.pdf",
        "",
        "ghi chú.txt\x00.pdf",
    ],
)
def test_resolve_refuses_everything_else(disk: Path, relative: str) -> None:
    with pytest.raises(NotInArchive):
        resolve_in_archive(disk / "kho", relative)


def test_resolve_refuses_an_absolute_path_into_the_archive_itself(disk: Path) -> None:
    # even a real archive file must be named relative to the archive, never by its place on the disk
    with pytest.raises(NotInArchive):
        resolve_in_archive(disk / "kho", str(disk / "kho" / "cong-van.docx"))


def test_file_url_is_relative_encoded_and_points_pdfs_at_a_page() -> None:
    assert file_url("bao-cao/BC 45.pdf", 3) == "tep/bao-cao/BC%2045.pdf#page=3"
    assert file_url("cong-van/Công văn 310.docx", 2) == "tep/cong-van/C%C3%B4ng%20v%C4%83n%20310.docx"


# -- over HTTP, through uvicorn (raw request lines, so no client tidies the path first) ---------------------------
def raw_get(port: int, target: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", target, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def open_server(disk: Path, serve_asgi):
    with gr.Blocks() as blocks:
        gr.Markdown("tệp")
    return serve_asgi(create_server(blocks, FixedArchive(disk / "kho", LISTED)))


def test_pdf_opens_inline_and_docx_downloads(open_server) -> None:
    status, headers, body = raw_get(open_server.port, "/tep/bao-cao/BC%2045.pdf")
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("inline")
    assert body.startswith(b"%PDF")
    status, headers, _ = raw_get(open_server.port, "/tep/cong-van.docx")
    assert status == 200
    assert headers["content-disposition"].startswith("attachment")
    assert "wordprocessingml" in headers["content-type"]
    status, headers, body = raw_get(open_server.port, "/tep/ghi%20ch%C3%BA.txt")
    assert (status, body.decode()) == (200, "Ghi chú nội bộ")


@pytest.mark.parametrize(
    "target",
    [
        "/tep/../bi-mat.txt",
        "/tep/bao-cao/../../bi-mat.txt",
        "/tep/%2e%2e/bi-mat.txt",
        "/tep/%2e%2e%2fbi-mat.txt",
        "/tep/bao-cao%2f..%2f..%2fbi-mat.txt",
        "/tep/..%5cbi-mat.txt",
        "/tep//etc/passwd",
        "/tep/%2fetc%2fpasswd",
        "/tep/{disk}/bi-mat.txt",
        "/tep/lien-ket-ra-ngoai.txt",
        "/tep/thu-muc-ngoai/x.txt",
        "/tep/%00",
        "/../bi-mat.txt",
        "/gradio_api/file={disk}/bi-mat.txt",
        "/gradio_api/file={disk}/kho/ghi%20ch%C3%BA.txt",
        "/gradio_api/file=/etc/passwd",
        "/file={disk}/bi-mat.txt",
    ],
)
def test_nothing_outside_the_archive_can_be_read(open_server, disk: Path, target: str) -> None:
    status, _, body = raw_get(open_server.port, target.format(disk=disk))
    assert status in {400, 403, 404}, (target, status)
    assert SECRET.encode() not in body
    assert b"root:" not in body


def test_files_need_the_same_sign_in_as_the_app(disk: Path, serve_asgi) -> None:
    with gr.Blocks() as blocks:
        gr.Markdown("tệp")
    server = serve_asgi(
        create_server(
            blocks, FixedArchive(disk / "kho", LISTED), auth=lambda user, password: (user, password) == ("an", "mk")
        )
    )
    assert raw_get(server.port, "/tep/bao-cao/BC%2045.pdf")[0] == 401
    # sign in through Gradio's own login form, then the session cookie opens the file
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(
        "POST", "/login", body="username=an&password=mk", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    cookies = "; ".join(c.split(";")[0] for k, c in response.getheaders() if k.lower() == "set-cookie")
    status, _, body = raw_get(server.port, "/tep/bao-cao/BC%2045.pdf", {"Cookie": cookies})
    assert (status, body[:4]) == (200, b"%PDF")
    assert raw_get(server.port, "/tep/bao-cao/BC%2045.pdf", {"Cookie": "access-token-x=forged"})[0] == 401


def test_files_follow_the_proxy_header_in_header_mode(disk: Path, serve_asgi) -> None:
    with gr.Blocks() as blocks:
        gr.Markdown("tệp")
    server = serve_asgi(
        create_server(
            blocks,
            FixedArchive(disk / "kho", LISTED),
            auth_dependency=lambda request: request.headers.get("X-User") or None,
        )
    )
    assert raw_get(server.port, "/tep/cong-van.docx")[0] == 401
    assert raw_get(server.port, "/tep/cong-van.docx", {"X-User": "an"})[0] == 200
    assert raw_get(server.port, "/tep/../bi-mat.txt", {"X-User": "an"})[0] == 404
