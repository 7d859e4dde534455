"""Security headers on every page, API reply and file of a launched app, over real HTTP; the archive's files served
only when the catalogue lists them and never hidden ones; no archive listing in a non-administrator's API reply; and
the real page, under its Content-Security-Policy, still signs in, answers, copies and uploads in headless Chromium
without a single violation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from assistant.factory import catalog_path
from assistant.web.auth import hash_password, load_accounts
from assistant.web.files import DOWNLOAD_POLICY, INLINE_POLICY
from assistant.web.headers import CONTENT_SECURITY_POLICY
from index.catalog import Catalog
from index.records import DocMeta
from tests.data.fixtures import make_text_pdf
from tests.web.conftest import WebIndex, build_web_index

USERS = f"lan:admin:{hash_password('mat-khau-cua-lan')};mai:user:{hash_password('mat-khau-cua-mai')}"
PASSWORDS = {"lan": "mat-khau-cua-lan", "mai": "mat-khau-cua-mai"}
PDF = "bao-cao/BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf"
DOCX = "thong-bao/TB-245_12.3.2025_Thong-bao-lich-kiem-tra-an-toan-dien.docx"
EVERYWHERE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@dataclass
class Site:
    url: str
    index: WebIndex

    def client(self, name: str | None = None) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=60)
        if name is not None:
            assert client.post("/login", data={"username": name, "password": PASSWORDS[name]}).status_code == 200
        return client


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_asgi: Any) -> Site:
    from app import CSS, build_app
    from assistant.web.feedback import FeedbackLog
    from assistant.web.server import create_server

    index = build_web_index(tmp_path_factory.mktemp("headers"))
    index.settings = replace(index.settings, users=USERS)
    ctx = index.context(index.settings)
    blocks = build_app(ctx, FeedbackLog(index.settings.data_dir / "feedback.sqlite"))
    server = create_server(blocks, ctx, css=CSS, **load_accounts(index.settings).launch_options())
    return Site(serve_asgi(server).url, index)


def file_path(relative: str) -> str:
    return "/tep/" + quote(relative)


@pytest.mark.parametrize(
    ("who", "method", "target", "status"),
    [
        (None, "GET", "/", 200),  # the login page
        ("mai", "GET", "/", 200),  # the app
        ("mai", "GET", "/config", 200),
        ("mai", "GET", "/gradio_api/info", 200),
        ("mai", "GET", file_path(PDF), 200),
        ("mai", "GET", file_path(DOCX), 200),
        (None, "GET", file_path(PDF), 401),
        ("mai", "GET", "/tep/khong-co.pdf", 404),
        (None, "POST", "/gradio_api/upload", 401),
    ],
)
def test_every_page_reply_and_file_carries_the_headers(
    site: Site, who: str | None, method: str, target: str, status: int
) -> None:
    response = site.client(who).request(method, target)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in EVERYWHERE} == EVERYWHERE
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    if not target.startswith("/tep/") or status != 200:
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_a_pdf_opens_inline_under_its_name_with_nothing_of_ours_to_run(site: Site) -> None:
    response = site.client("mai").get(file_path(PDF))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{PDF.split("/")[-1]}"'
    assert response.headers["content-security-policy"] == INLINE_POLICY
    assert "default-src 'none'" in INLINE_POLICY and "script-src" not in INLINE_POLICY  # so: no script at all
    word = site.client("mai").get(file_path(DOCX))
    assert word.headers["content-disposition"].startswith("attachment; filename=")
    assert word.headers["content-security-policy"] == DOWNLOAD_POLICY


@pytest.fixture
def hidden_and_unlisted(site: Site) -> Iterator[dict[str, str]]:
    """Files on the archive's disk that must not be served: hidden ones (one even listed in the catalogue) and one
    the catalogue does not list. Taken away afterwards: an upload refuses to ingest while a listed file is missing."""
    archive = site.index.archive
    files = {".ghi-chu-an.txt": "ẩn", ".git/config": "[remote]", "moi-chep-vao.txt": "chưa lập chỉ mục"}
    for relative, text in files.items():
        (archive / relative).parent.mkdir(parents=True, exist_ok=True)
        (archive / relative).write_text(text, encoding="utf-8")
    catalog = Catalog(catalog_path(site.index.settings))
    catalog.record_indexed(".git/config", "-", 0, "txt", DocMeta(path=".git/config"), [])
    catalog.close()
    yield files
    catalog = Catalog(catalog_path(site.index.settings))
    catalog.forget(".git/config")
    catalog.close()
    for relative in files:
        (archive / relative).unlink()
    (archive / ".git").rmdir()


@pytest.mark.parametrize("relative", [".ghi-chu-an.txt", ".git/config", "moi-chep-vao.txt"])
def test_hidden_and_unlisted_files_are_not_served(
    site: Site, hidden_and_unlisted: dict[str, str], relative: str
) -> None:
    response = site.client("mai").get(file_path(relative))
    assert response.status_code == 404
    assert hidden_and_unlisted[relative] not in response.text


def _call(client: httpx.Client, api_name: str, data: list[Any]) -> str:
    started = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
    started.raise_for_status()
    stream = client.get(f"/gradio_api/call/{api_name}/{started.json()['event_id']}").text
    return json.loads([line for line in stream.splitlines() if line.startswith("data:")][-1].removeprefix("data:"))


@pytest.mark.parametrize(
    ("api_name", "data"),
    [("show_notice", []), ("delete_document", [None, False]), ("upload_document", [None])],
)
def test_no_archive_listing_in_a_non_admin_s_api_reply(site: Site, api_name: str, data: list[Any]) -> None:
    # the delete form's list of every document goes to an administrator, and only to one
    assert PDF in json.dumps(_call(site.client("lan"), api_name, data), ensure_ascii=False)
    reply = json.dumps(_call(site.client("mai"), api_name, data), ensure_ascii=False)
    assert "không có quyền quản trị" in reply
    assert PDF not in reply and DOCX not in reply


# -- the real page, in Chromium ------------------------------------------------------------------------------------
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
    "[e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber].join(' ')));"
)


@pytest.mark.browser
def test_the_page_works_under_its_policy_in_chromium(site: Site, chromium_page: Any, tmp_path: Path) -> None:
    page = chromium_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.context.add_init_script(WATCH_CSP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    response = page.goto(site.url)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.get_by_label(re.compile("username", re.IGNORECASE)).fill("lan")
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(PASSWORDS["lan"])
    page.get_by_role("button", name=re.compile("login", re.IGNORECASE)).click()

    page.fill("#tl-question textarea", "Kim ngạch xuất khẩu quý I đạt bao nhiêu?")
    page.press("#tl-question textarea", "Enter")
    page.wait_for_selector("#tl-chat .tl-sources")
    page.click("#tl-copy")  # an event with js=: Gradio evaluates it
    page.locator("#tl-copy-text textarea").wait_for()
    assert "318,4 triệu USD" in page.evaluate("navigator.clipboard.readText()")

    page.get_by_role("tab", name="Văn bản").click()
    page.locator("#browse-table").get_by_text("45/BC-SCT").wait_for()
    for tab in ("Tra số hiệu", "Làm quen"):
        page.get_by_role("tab", name=tab).click()
    page.get_by_role("tab", name="Tải lên").click()
    page.get_by_text("Bạn đang đăng nhập với quyền quản trị").wait_for()
    report = make_text_pdf(tmp_path / "BC 7 an toan.pdf", ["BÁO CÁO\nKết quả kiểm tra an toàn điện quý II năm 2025."])
    page.locator("#upload-file input[type=file]").set_input_files(str(report))
    page.get_by_role("button", name="Tải lên và lập chỉ mục").click()
    page.locator("#upload-status").get_by_text("Đã thêm").wait_for(timeout=120_000)

    assert page.evaluate("window.__csp") == []
    assert errors == []

    # a PDF is shown by Chromium's own viewer, in the viewer's origin: no document of ours runs with it
    viewer = page.context.new_page()
    viewer.goto(site.url + file_path(PDF).lstrip("/"))
    for _ in range(100):
        if any(frame.url.startswith("chrome-extension://") for frame in viewer.frames):
            break
        viewer.wait_for_timeout(100)
    assert any(frame.url.startswith("chrome-extension://") for frame in viewer.frames)
