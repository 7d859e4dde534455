"""Gradio's own upload route over real HTTP, against launched apps: only an administrator may store a file, within
TRO_LY_UPLOAD_MAX_MB; Gradio's temp folder is <DATA_DIR>/gradio-tmp, emptied when the server starts and after each
upload the upload tab handles."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest

from assistant.web.auth import OPEN_MODE_MESSAGE, hash_password, load_accounts
from assistant.web.gradio_uploads import LEFT_OVER_SECONDS, TEMP_FOLDER
from tests.data.fixtures import make_text_pdf
from tests.web.conftest import WebIndex, build_web_index
from tests.web.gradio_http import call, signed_in, upload

USERS = f"lan:admin:{hash_password('mat-khau-cua-lan')};mai:user:{hash_password('mat-khau-cua-mai')}"
PASSWORDS = {"lan": "mat-khau-cua-lan", "mai": "mat-khau-cua-mai"}
REPORT = [
    "SỞ CÔNG THƯƠNG TỈNH VÂN MỘNG\nSố: 12/BC-SCT\nBÁO CÁO\nTình hình thị trường xăng dầu tháng 5 năm 2024\n"
    "Giá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít, các cửa hàng bảo đảm nguồn cung."
]


@dataclass
class Site:
    url: str
    temp: Path  # where Gradio's temp folder must be

    def client(self, name: str | None = None) -> httpx.Client:
        """An HTTP client, signed in through Gradio's own login form when `name` is given."""
        return signed_in(self.url, name, PASSWORDS.get(name or "", ""))

    def stored(self) -> list[Path]:
        return sorted(p for p in self.temp.rglob("*") if p.is_file()) if self.temp.exists() else []


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> WebIndex:
    """An index of our own: the admin test really adds a document."""
    return build_web_index(tmp_path_factory.mktemp("gradio-upload"))


@pytest.fixture(scope="module")
def launch(index: WebIndex, serve_asgi: Callable[[Any], Any]) -> Callable[..., Site]:
    from app import CSS, build_app
    from assistant.web.feedback import FeedbackLog
    from assistant.web.server import create_server

    def start(data_dir: Path, *, users: str | None = USERS, upload_max_mb: int = 1) -> Site:
        settings = replace(index.settings, data_dir=data_dir, users=users, upload_max_mb=upload_max_mb)
        ctx = index.context(settings)
        blocks = build_app(ctx, FeedbackLog(data_dir / "feedback.sqlite"))
        server = create_server(blocks, ctx, css=CSS, **load_accounts(settings).launch_options())
        return Site(serve_asgi(server).url, data_dir / TEMP_FOLDER)

    return start


@pytest.fixture(scope="module")
def site(launch: Callable[..., Site], tmp_path_factory: pytest.TempPathFactory) -> Site:
    return launch(tmp_path_factory.mktemp("data"))


def test_a_signed_in_user_without_the_admin_role_stores_nothing(site: Site) -> None:
    before = site.stored()
    response = upload(site.client("mai"), "nho.pdf", b"%PDF-1.4 " + bytes(1000))
    assert response.status_code == 403
    assert (
        response.text == "Tài khoản “mai” không có quyền quản trị: chỉ quản trị viên mới được tải lên hoặc xóa văn bản."
    )
    assert site.stored() == before


def test_nobody_signed_in_is_asked_to_sign_in(site: Site) -> None:
    response = upload(site.client(), "nho.pdf", b"%PDF-1.4 ")
    assert response.status_code == 401
    assert "chưa đăng nhập" in response.text


def test_without_accounts_nobody_may_upload(launch: Callable[..., Site], tmp_path: Path) -> None:
    open_site = launch(tmp_path, users=None)
    response = upload(open_site.client(), "x.bin", bytes(5 * 1024 * 1024))
    assert (response.status_code, response.text) == (403, OPEN_MODE_MESSAGE)
    assert open_site.stored() == []


def test_an_admin_upload_lands_under_the_data_dir_and_a_big_one_is_refused_unread(site: Site) -> None:
    admin = site.client("lan")
    stored = upload(admin, "bao cao.pdf", b"%PDF-1.4 " + bytes(900 * 1024))
    assert stored.status_code == 200
    path = Path(stored.json()[0])
    assert path.is_relative_to(site.temp) and path.name == "bao cao.pdf"
    before = site.stored()
    too_big = upload(admin, "lon.pdf", b"%PDF-1.4 " + bytes(1100 * 1024))  # the limit here is 1 MB
    assert (too_big.status_code, too_big.text) == (413, "Tệp nặng 1.1 MB, vượt giới hạn 1 MB.")
    assert site.stored() == before


def test_an_upload_without_a_length_is_refused(site: Site) -> None:
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.pdf"\r\n\r\n%PDF-1.4\r\n--b--\r\n'
    response = site.client("lan").post(
        "/gradio_api/upload",
        content=iter([body]),  # a generator body goes chunked, without Content-Length
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert (response.status_code, response.text) == (411, "Yêu cầu tải lên phải cho biết độ dài (Content-Length).")


def test_gradio_s_other_file_routes_take_no_file(site: Site) -> None:
    admin = site.client("lan")
    for route in ("/gradio_api/component_server", "/gradio_api/process_recording"):
        response = admin.post(route, files={"files": ("x.bin", b"x")}, data={"component_id": "1"})
        assert response.status_code == 403, route


def test_the_temp_folder_is_emptied_when_the_server_starts(launch: Callable[..., Site], tmp_path: Path) -> None:
    left, receiving = (tmp_path / TEMP_FOLDER / (c * 64) / "cu.pdf" for c in "01")
    for path in (left, receiving):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"%PDF-1.4 ")
    yesterday = time.time() - LEFT_OVER_SECONDS - 60
    os.utime(left.parent, (yesterday, yesterday))  # left by an earlier run
    launch(tmp_path)
    assert not left.parent.exists()
    assert receiving.exists()  # another server sharing the data directory may be receiving it now


def test_the_upload_tab_deletes_gradio_s_copy_once_done(site: Site, index: WebIndex, tmp_path: Path) -> None:
    admin = site.client("lan")
    for name, data in (
        ("BC 12 xang dau.pdf", make_text_pdf(tmp_path / "bc.pdf", REPORT).read_bytes()),
        ("hong.pdf", b"%PDF-1.4 not really a PDF"),
    ):
        waiting = site.stored()  # another upload may be waiting for its button: it stays
        path = upload(admin, name, data).json()[0]
        message = call(admin, "upload_document", [{"path": path, "meta": {"_type": "gradio.FileData"}}])[0]
        assert message.startswith("Đã thêm **tai-len/BC 12 xang dau.pdf**" if name.startswith("BC") else "**Không")
        assert not Path(path).parent.exists()
        assert site.stored() == waiting  # the file box's empty leftovers went too
    assert (index.archive / "tai-len" / "BC 12 xang dau.pdf").exists()


def test_only_the_upload_tab_has_a_component_that_takes_files(index: WebIndex) -> None:
    from app import build_app
    from assistant.web.feedback import FeedbackLog

    ctx = index.context()
    blocks = build_app(ctx, FeedbackLog(index.settings.data_dir / "feedback.sqlite"))
    takes_files = (gr.File, gr.UploadButton, gr.Image, gr.Audio, gr.Video, gr.MultimodalTextbox, gr.Model3D)
    receivers = [b for b in blocks.blocks.values() if isinstance(b, takes_files)]
    assert [(type(b).__name__, b.elem_id) for b in receivers] == [("File", "upload-file")]
