"""The upload tab's handlers on a real index: only administrators change the archive, bad files change nothing."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import gradio as gr
import pytest

from assistant.web import upload
from assistant.web.auth import OPEN_MODE_MESSAGE, hash_password
from assistant.web.context import WebContext
from index.catalog import Catalog
from index.citations.registry import Registry
from index.lock import ingest_lock
from tests.data.fixtures import make_docx, make_text_pdf
from tests.web.real_index import RealIndex, build_real_index

ADMIN = gr.Request(username="lan")
STAFF = gr.Request(username="mai")
USERS = f"lan:admin:{hash_password('mat-khau-cua-lan')};mai:user:{hash_password('mat-khau-cua-mai')}"
FUEL_REPORT = [
    "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH\nSố: 12/BC-SCT\nHòa Bình Xanh, ngày 06 tháng 5 năm 2024\nBÁO CÁO\n"
    "Tình hình thị trường xăng dầu tháng 5 năm 2024\n"
    "Giá bán lẻ xăng RON 95 trên địa bàn tỉnh ở mức 23.150 đồng một lít, các cửa hàng bảo đảm nguồn cung."
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> RealIndex:
    return build_real_index(tmp_path_factory.mktemp("upload-base"))


@pytest.fixture
def index(built: RealIndex, tmp_path: Path) -> RealIndex:
    fresh = built.clone(tmp_path / "kho-moi")
    fresh.settings = replace(fresh.settings, users=USERS, upload_max_mb=1)
    return fresh


@pytest.fixture
def ctx(index: RealIndex) -> WebContext:
    return index.context()


def _indexed(index: RealIndex) -> set[str]:
    catalog = Catalog(index.settings.index_dir / "catalog.sqlite")
    try:
        return {r.path for r in catalog.indexed_documents()}
    finally:
        catalog.close()


def _found(ctx: WebContext, question: str) -> set[str]:
    return {p.doc_path for p in ctx.assistant.ask(question).passages}


ORIGINAL = {
    "bao-cao/BC-45 tinh hinh quy I.txt",
    "bao-cao/BC-80 sau thang.txt",
    "cong-van/CV-77 vat lieu no.txt",
    "khac/ghi-chu-la.txt",
    "quyet-dinh/QD-1389.txt",
}


@pytest.mark.parametrize(
    ("uploaded", "saved"),
    [
        ("../../etc/cron.d/x.pdf", "x.pdf"),
        ("..\\..\\Windows\\Báo cáo quý I.PDF", "Báo cáo quý I.pdf"),
        (".an.txt", "an.txt"),
        ("a<b>|c?.docx", "a_b__c.docx"),
        ("<script>alert(1)</script>.docx", "script.docx"),
        ("..", "tai-lieu"),
        ("a\x00b\nc.txt", "abc.txt"),
    ],
)
def test_uploaded_names_cannot_leave_the_upload_folder(uploaded: str, saved: str) -> None:
    assert upload.safe_file_name(uploaded) == saved


def test_files_that_cannot_be_documents_are_refused_before_saving(tmp_path: Path) -> None:
    cases = {
        "bang.xlsx": (b"PK\x03\x04 bang tinh", "Định dạng .xlsx"),
        "rong.txt": (b"", "rỗng"),
        "lon.txt": (b"a" * (1024 * 1024 + 1), "vượt giới hạn 1 MB"),
        "doi-ten.pdf": (b"PK\x03\x04 day la docx", "không phải PDF"),
        "gia.docx": (b"%PDF-1.4 day la pdf", "không phải DOCX"),
    }
    for name, (data, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(upload.UploadRejected, match=reason):
            upload.check_file(path, max_mb=1)
    fine = tmp_path / "ok.txt"
    fine.write_text("Báo cáo ngắn.", encoding="utf-8")
    upload.check_file(fine, max_mb=1)


def test_admin_upload_is_saved_indexed_and_searchable(index: RealIndex, ctx: WebContext, tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "in" / "BC 12 xang dau.pdf", FUEL_REPORT)
    assert "tai-len/BC 12 xang dau.pdf" not in _found(ctx, "giá bán lẻ xăng RON 95")
    steps: list[tuple[float, str]] = []

    message = upload.upload_document(ctx, ADMIN, pdf, lambda f, d: steps.append((f, d)))

    assert "Đã thêm" in message and "12/BC-SCT" in message
    assert (index.archive / "tai-len" / "BC 12 xang dau.pdf").read_bytes() == pdf.read_bytes()
    assert _indexed(index) == ORIGINAL | {"tai-len/BC 12 xang dau.pdf"}
    assert "tai-len/BC 12 xang dau.pdf" in _found(ctx, "giá bán lẻ xăng RON 95")  # the reloaded assistant sees it
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] > 0.9
    assert any("6/6 tệp" in d for _, d in steps)


def test_docx_upload_is_indexed_with_its_metadata(index: RealIndex, ctx: WebContext, tmp_path: Path) -> None:
    docx = make_docx(
        tmp_path / "KH 30.docx",
        ["KẾ HOẠCH", "Kiểm tra an toàn điện mùa mưa bão năm 2024", "Các đơn vị kiểm tra trạm biến áp trước 30/6/2024."],
        header_block=(["SỞ CÔNG THƯƠNG", "Số: 30/KH-SCT"], ["Hòa Bình Xanh, ngày 02 tháng 6 năm 2024"]),
    )
    message = upload.upload_document(ctx, ADMIN, docx)
    assert "Đã thêm" in message
    catalog = Catalog(index.settings.index_dir / "catalog.sqlite")
    try:
        meta = catalog.files()["tai-len/KH 30.docx"].meta
    finally:
        catalog.close()
    assert meta is not None and meta.number == "30/KH-SCT"


def test_non_admins_cannot_upload_or_delete(index: RealIndex, ctx: WebContext, tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "x.pdf", FUEL_REPORT)
    refused = {
        "mai": upload.upload_document(ctx, STAFF, pdf),
        "nobody": upload.upload_document(ctx, gr.Request(), pdf),
        "no request": upload.upload_document(ctx, None, pdf),
    }
    assert "không có quyền quản trị" in refused["mai"]
    assert all(m.startswith("**Không nhận tệp.**") for m in refused.values())
    assert not (index.archive / "tai-len").exists()
    assert "không có quyền" in upload.delete_document(ctx, STAFF, "quyet-dinh/QD-1389.txt", True)
    assert (index.archive / "quyet-dinh/QD-1389.txt").exists()
    assert _indexed(index) == ORIGINAL


def test_without_accounts_uploads_are_disabled(index: RealIndex, tmp_path: Path) -> None:
    open_ctx = WebContext(replace(index.settings, users=None), assistant=None)
    message = upload.upload_document(open_ctx, ADMIN, make_text_pdf(tmp_path / "x.pdf", FUEL_REPORT))
    assert "tải lên và xóa văn bản bị tắt" in message
    assert upload.access_notice(open_ctx, ADMIN).endswith(upload.escape(OPEN_MODE_MESSAGE))
    assert not (index.archive / "tai-len").exists()


def test_a_corrupt_pdf_is_refused_and_nothing_indexed_is_lost(index: RealIndex, ctx: WebContext, tmp_path) -> None:
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without end")
    message = upload.upload_document(ctx, ADMIN, broken)
    assert "Không đọc được tệp hong.pdf" in message and "giữ nguyên" in message
    assert not (index.archive / "tai-len" / "hong.pdf").exists()
    catalog = Catalog(index.settings.index_dir / "catalog.sqlite")
    try:
        assert set(catalog.files()) == ORIGINAL  # not even a "skipped" row is left behind
    finally:
        catalog.close()
    assert "bao-cao/BC-45 tinh hinh quy I.txt" in _found(ctx, "kim ngạch xuất khẩu quý I")


def test_same_file_twice_is_kept_once_and_a_new_file_never_overwrites(index: RealIndex, ctx: WebContext, tmp_path):
    first = make_text_pdf(tmp_path / "a" / "bao cao.pdf", FUEL_REPORT)
    second = make_text_pdf(tmp_path / "b" / "bao cao.pdf", ["Một báo cáo khác hẳn về điện lực nông thôn năm 2024."])
    assert "Đã thêm" in upload.upload_document(ctx, ADMIN, first)
    assert "đã có trong kho" in upload.upload_document(ctx, ADMIN, first)
    assert "Đã thêm" in upload.upload_document(ctx, ADMIN, second)
    folder = index.archive / "tai-len"
    assert sorted(p.name for p in folder.iterdir()) == ["bao cao (2).pdf", "bao cao.pdf"]
    assert (folder / "bao cao.pdf").read_bytes() == first.read_bytes()
    assert (folder / "bao cao (2).pdf").read_bytes() == second.read_bytes()


def test_an_upload_never_ingests_an_archive_with_indexed_files_missing(index: RealIndex, ctx: WebContext, tmp_path):
    (index.archive / "cong-van/CV-77 vat lieu no.txt").unlink()  # e.g. a share that did not mount
    message = upload.upload_document(ctx, ADMIN, make_text_pdf(tmp_path / "x.pdf", FUEL_REPORT))
    assert "không còn trong thư mục kho" in message
    assert _indexed(index) == ORIGINAL
    assert not (index.archive / "tai-len").exists()


def test_admin_deletes_a_document_from_archive_and_index(index: RealIndex, ctx: WebContext) -> None:
    assert "quyet-dinh/QD-1389.txt" in _found(ctx, "mục tiêu 60% doanh nghiệp có website")
    assert "xác nhận" in upload.delete_document(ctx, ADMIN, "quyet-dinh/QD-1389.txt", False)
    assert (index.archive / "quyet-dinh/QD-1389.txt").exists()

    message = upload.delete_document(ctx, ADMIN, "quyet-dinh/QD-1389.txt", True)

    assert message.startswith("Đã xóa")
    assert not (index.archive / "quyet-dinh/QD-1389.txt").exists()
    assert _indexed(index) == ORIGINAL - {"quyet-dinh/QD-1389.txt"}
    assert "quyet-dinh/QD-1389.txt" not in _found(ctx, "mục tiêu 60% doanh nghiệp có website")
    assert "quyet-dinh/QD-1389.txt" not in upload.document_choices(ctx)
    registry = Registry(index.settings.index_dir / "registry.sqlite")
    try:
        report = registry.lookup("1389/QĐ-UBND")
        assert report is not None and not report.in_archive  # still cited by the reports, no longer held
    finally:
        registry.close()


def test_delete_refuses_paths_outside_the_index(index: RealIndex, ctx: WebContext) -> None:
    outside = index.base / "bi-mat.txt"
    outside.write_text("không được xóa", encoding="utf-8")
    assert "Không có văn bản" in upload.delete_document(ctx, ADMIN, "../bi-mat.txt", True)
    assert outside.exists()
    assert _indexed(index) == ORIGINAL


def test_admin_deletes_a_row_whose_file_leads_outside_the_archive(index: RealIndex, ctx: WebContext) -> None:
    outside = index.base / "bi-mat.txt"
    outside.write_text("không được xóa", encoding="utf-8")
    linked = index.archive / "khac/ghi-chu-la.txt"
    linked.unlink()
    linked.symlink_to(outside)  # the row was indexed when the file was still an ordinary one

    message = upload.delete_document(ctx, ADMIN, "khac/ghi-chu-la.txt", True)

    assert message.startswith("Đã xóa **khac/ghi-chu-la.txt** khỏi kho")
    assert _indexed(index) == ORIGINAL - {"khac/ghi-chu-la.txt"}
    assert not linked.is_symlink()  # the link is gone from the archive...
    assert outside.read_text(encoding="utf-8") == "không được xóa"  # ...and what it pointed to untouched


def test_deleting_a_row_never_deletes_a_file_outside_through_a_linked_folder(index: RealIndex, ctx: WebContext):
    elsewhere = index.base / "thu-muc-ngoai"
    elsewhere.mkdir()
    (elsewhere / "ghi-chu-la.txt").write_text("không được xóa", encoding="utf-8")
    for file in (index.archive / "khac").iterdir():
        file.unlink()
    (index.archive / "khac").rmdir()
    (index.archive / "khac").symlink_to(elsewhere)

    message = upload.delete_document(ctx, ADMIN, "khac/ghi-chu-la.txt", True)

    assert message.startswith("Đã xóa **khac/ghi-chu-la.txt** khỏi chỉ mục. Tệp không còn trong thư mục kho")
    assert _indexed(index) == ORIGINAL - {"khac/ghi-chu-la.txt"}
    assert (elsewhere / "ghi-chu-la.txt").read_text(encoding="utf-8") == "không được xóa"


def test_admin_deletes_a_row_whose_file_is_already_gone(index: RealIndex, ctx: WebContext) -> None:
    (index.archive / "khac/ghi-chu-la.txt").unlink()

    message = upload.delete_document(ctx, ADMIN, "khac/ghi-chu-la.txt", True)

    assert message.startswith("Đã xóa **khac/ghi-chu-la.txt** khỏi chỉ mục.")
    assert _indexed(index) == ORIGINAL - {"khac/ghi-chu-la.txt"}


def test_ingests_wait_for_each_other_and_the_page_says_so(index: RealIndex, ctx: WebContext, tmp_path: Path) -> None:
    pdf = make_text_pdf(tmp_path / "cho.pdf", FUEL_REPORT)
    results: list[str] = []
    steps: list[str] = []
    told = threading.Event()

    def progress(fraction: float, description: str) -> None:
        steps.append(description)
        if description == upload.WAITING:
            told.set()

    with ingest_lock(index.settings.index_dir):  # the pipeline's lock, as a CLI ingest holds it
        worker = threading.Thread(target=lambda: results.append(upload.upload_document(ctx, ADMIN, pdf, progress)))
        worker.start()
        assert told.wait(timeout=60)
        time.sleep(0.5)  # time it would have had to index alongside, were it not waiting
        assert worker.is_alive() and not results and steps == [upload.WAITING]
    worker.join(timeout=120)
    assert results and "Đã thêm" in results[0]
    assert steps[0] == upload.WAITING and "Đang lập chỉ mục" in steps
