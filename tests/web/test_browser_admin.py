"""In a real headless Chromium: an administrator signs in and uploads a report, which becomes searchable; a staff
member signed in without the admin role is refused, and the archive stays as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import gradio as gr
import pytest

from assistant.web.auth import hash_password, load_accounts
from assistant.web.browse import build_browse_tab
from assistant.web.context import WebContext
from assistant.web.directives import build_directive_tab
from assistant.web.onboarding import build_onboarding_tab
from assistant.web.upload import build_upload_tab
from tests.data.fixtures import make_text_pdf
from tests.web.real_index import RealIndex, build_real_index

pytestmark = pytest.mark.browser

USERS = f"lan:admin:{hash_password('mat-khau-cua-lan')};mai:user:{hash_password('mat-khau-cua-mai')}"
REPORT = [
    "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH\nSố: 12/BC-SCT\nHòa Bình Xanh, ngày 06 tháng 5 năm 2024\nBÁO CÁO\n"
    "Tình hình thị trường xăng dầu tháng 5 năm 2024\n"
    "Giá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít, các cửa hàng bảo đảm nguồn cung."
]


def admin_tabs(ctx: WebContext) -> gr.Blocks:
    """The tabs of this module's concern, composed as app.py composes them."""
    with gr.Blocks(title="Trợ lý Kho Báo cáo", analytics_enabled=False) as blocks, gr.Tabs():
        with gr.Tab("Tải lên", id="upload"):
            build_upload_tab(ctx)
        with gr.Tab("Văn bản", id="browse"):
            build_browse_tab(ctx)
        with gr.Tab("Tra số hiệu", id="directive"):
            build_directive_tab(ctx)
        with gr.Tab("Làm quen", id="onboarding"):
            build_onboarding_tab(ctx)
    return blocks


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    built = build_real_index(tmp_path_factory.mktemp("browser-admin"))
    built.settings = replace(built.settings, users=USERS)
    return built


@pytest.fixture(scope="module")
def site(index: RealIndex, serve_asgi: Callable[[Any], Any]) -> tuple[str, WebContext]:
    from assistant.web.server import create_server

    ctx = index.context()
    accounts = load_accounts(ctx.settings)
    thread = serve_asgi(create_server(admin_tabs(ctx), ctx, **accounts.launch_options()))
    return thread.url, ctx


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(url)
    page.get_by_label(re.compile("username", re.IGNORECASE)).fill(name)
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name=re.compile("login", re.IGNORECASE)).click()
    page.get_by_role("tab", name="Tải lên").wait_for()


def test_admin_uploads_a_report_that_becomes_searchable(site, index: RealIndex, chromium_page, tmp_path) -> None:
    url, ctx = site
    page = chromium_page
    pdf = make_text_pdf(tmp_path / "BC 12 xang dau.pdf", REPORT)

    sign_in(page, url, "lan", "mat-khau-cua-lan")
    page.get_by_text("Bạn đang đăng nhập với quyền quản trị").wait_for()
    page.locator("#upload-file input[type=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên và lập chỉ mục").click()
    status = page.locator("#upload-status")
    status.get_by_text("Đã thêm").wait_for(timeout=120_000)
    assert "tai-len/BC 12 xang dau.pdf" in status.inner_text()
    assert (index.archive / "tai-len" / "BC 12 xang dau.pdf").exists()

    page.get_by_role("tab", name="Văn bản").click()
    page.get_by_label("Tìm văn bản").fill("xang dau")
    page.locator("#browse-count").get_by_text("1 / 6 văn bản").wait_for()
    assert "12/BC-SCT" in page.locator("#browse-table").inner_text()
    # the live server's assistant was reloaded: a question now finds the new report
    assert "tai-len/BC 12 xang dau.pdf" in {p.doc_path for p in ctx.assistant.ask("giá xăng RON 95").passages}


def test_staff_without_admin_role_are_refused(site, index: RealIndex, chromium_page, tmp_path) -> None:
    url, _ = site
    page = chromium_page
    pdf = make_text_pdf(tmp_path / "cua mai.pdf", REPORT)

    sign_in(page, url, "mai", "mat-khau-cua-mai")
    page.get_by_text("không có quyền quản trị").first.wait_for()
    page.locator("#upload-file input[type=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên và lập chỉ mục").click()
    page.locator("#upload-status").get_by_text("Không nhận tệp").wait_for()
    assert "không có quyền quản trị" in page.locator("#upload-status").inner_text()
    assert not (index.archive / "tai-len" / "cua mai.pdf").exists()


def test_a_wrong_password_does_not_sign_in(site, chromium_page) -> None:
    url, _ = site
    page = chromium_page
    page.goto(url)
    page.get_by_label(re.compile("username", re.IGNORECASE)).fill("lan")
    page.get_by_label(re.compile("password", re.IGNORECASE)).fill("sai-mat-khau")
    page.get_by_role("button", name=re.compile("login", re.IGNORECASE)).click()
    page.get_by_text(re.compile("incorrect", re.IGNORECASE)).wait_for()
    assert page.get_by_role("tab", name="Tải lên").count() == 0
