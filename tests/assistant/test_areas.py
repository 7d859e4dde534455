"""Work areas found from folders and from subjects, the admin's choices over them, the `areas` command, and the
facts of each area's page, on fictional archives really ingested."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.areas.book import AreaBook, AreaPage
from assistant.areas.detect import decode_folder_name, folder_kind
from assistant.areas.duties import duty_in
from assistant.areas.legal import ended_in
from assistant.areas.overrides import Overrides, UnknownArea, with_merge, with_rename, with_split
from assistant.cli import main
from assistant.factory import ingest_archive
from assistant.settings import Settings
from assistant.vietnamese import fold
from tests.assistant.areas_archive import index_archive, write_archive, write_areas_archive
from tests.conftest import HashEmbeddings

CHEMICALS = "so-ct-lao-cai/hc-vn"
EXPLOSIVES = "so-ct-lao-cai/vlncn-vn"
EMULATION = "chu-de:thi-dua-khen-thuong"


@pytest.fixture(scope="module")
def foldered(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return index_archive(tmp_path_factory.mktemp("areas"), write_areas_archive)


@pytest.fixture(scope="module")
def pages(foldered: Settings) -> dict[str, AreaPage]:
    return {page.area.key: page for page in AreaBook(foldered.index_dir).pages()}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("hc-sct-vn", "topic"),
        ("quy-hoach-ct-vn", "topic"),
        ("lao-cai", "source"),
        ("quang-ngai-ubnd", "source"),
        ("trung-uong", "source"),
        ("van-ban-goc", "container"),
        ("01-luat", "container"),
        ("bao-cao", "container"),
        ("2024", "container"),
    ],
)
def test_folder_kinds(name: str, kind: str) -> None:
    assert folder_kind(name) == kind


def test_topic_folders_are_areas_named_from_their_documents(pages: dict[str, AreaPage]) -> None:
    assert list(pages) == [CHEMICALS, EXPLOSIVES, EMULATION]
    assert pages[CHEMICALS].area.name == "Hóa chất"  # "hc" spelled by the initials of its documents' words
    assert pages[EXPLOSIVES].area.name == "Vật liệu nổ công nghiệp"  # the abbreviation its documents define
    assert len(pages[CHEMICALS].area.paths) == 4
    assert pages[CHEMICALS].area.origin == "folder"
    # the flat folder's two documents share a subject
    assert pages[EMULATION].area.name == "Thi đua, khen thưởng"
    assert pages[EMULATION].area.origin == "subjects"
    assert len(pages[EMULATION].area.paths) == 2


def test_a_folder_name_is_spelled_as_the_documents_write_it_across_their_sentences() -> None:
    # one line of a form, repeated in each of six appendices, whose "Mô" begins another term
    form = ["- Nhà thầu tư vấn thiết kế Mô hình thông tin công trình (BIM) (nếu có)."] * 6
    sentences = [
        "Hồ sơ thiết kế mỏ gồm thuyết minh và bản vẽ.",
        "Sở thẩm định thiết kế mỏ đá hoa.",
        "Nội dung thiết kế mỏ theo Thông tư 31.",
        "THIET KE MO HAM LO",  # text that lost its accents votes for the folded span, not for a spelling
        "thiet ke mo lo thien",
    ]
    assert decode_folder_name("tkm-sct-vn", [], lambda: form + sentences, {}) == "Thiết kế mỏ"
    # and the accents the documents use most win even when unaccented text is most of the votes
    assert decode_folder_name("tkm", [], lambda: [*sentences[3:], "thiet ke mo ngam", sentences[0]], {}) == (
        "Thiết kế mỏ"
    )


def test_a_flat_archive_gets_areas_from_subjects(tmp_path: Path) -> None:
    settings = index_archive(tmp_path, write_archive)
    areas = AreaBook(settings.index_dir).areas()
    assert {a.origin for a in areas} == {"subjects"}
    paths = [p for a in areas for p in a.paths]
    assert len(paths) == len(set(paths)) == 5  # every document in exactly one area
    trade = next(a for a in areas if a.name == "Thương mại, thị trường")
    # two trade reports and the decision on e-commerce they follow
    assert set(trade.paths) == {
        "bao-cao/BC-45 tinh hinh quy I.txt",
        "bao-cao/BC-80 sau thang.txt",
        "quyet-dinh/QD-1389.txt",
    }


def test_legal_basis_counts_citing_documents_and_marks_replaced_texts(pages: dict[str, AreaPage]) -> None:
    legal = {text.number: text for text in pages[CHEMICALS].legal}
    decree = legal["88/2030/NĐ-CP"]
    assert decree.citing_documents == 3
    assert decree.held == ("so-ct-lao-cai/hc-vn/van-ban-goc/ND-88-2030.txt",)
    assert decree.date is not None and decree.date.value == "2030-01-05"
    assert decree.superseded is None
    old = legal["12/2020/NĐ-CP"]
    assert old.held == ()
    assert old.superseded is not None and "thay thế Nghị định số 12/2020/NĐ-CP" in old.superseded.sentence
    assert pages[CHEMICALS].legal_total == 2


def test_procedure_is_the_case_in_date_order_with_days_between(pages: dict[str, AreaPage]) -> None:
    (procedure,) = pages[CHEMICALS].procedures
    assert procedure.kinds == ("Kế hoạch", "Quyết định", "Báo cáo")
    assert [s.title for s in procedure.example] == [
        "Kế hoạch số 501/KH-SCT",
        "Quyết định số 520/QĐ-SCT",
        "Báo cáo số 560/BC-SCT",
    ]
    assert procedure.typical_days == (8, 20)  # 02/3 → 10/3 → 30/3


def test_duties_carry_period_deadline_and_recipient(pages: dict[str, AreaPage]) -> None:
    duties = {d.doc_path.rsplit("/", 1)[-1]: d for d in pages[CHEMICALS].duties}
    yearly = duties["ND-88-2030.txt"]
    assert yearly.period == "định kỳ hằng năm"
    assert yearly.deadline == "trước ngày 15 tháng 12"
    assert yearly.recipient == "Sở Công Thương"
    assert duties["BC-560 ket qua kiem tra.txt"].period == "định kỳ 6 tháng"
    assert pages[EXPLOSIVES].duties == ()


def test_signers_and_words_of_an_area(pages: dict[str, AreaPage]) -> None:
    signed = {(s.doc_type, s.signer, s.capacity) for s in pages[CHEMICALS].signers}
    assert ("Quyết định", "Trần Văn Quyết", "GIÁM ĐỐC") in signed
    assert ("Kế hoạch", "Nguyễn Văn Kiểm", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC") in signed
    words = {w.word: w for w in pages[CHEMICALS].words}
    assert words["SCHC"].meaning.lower() == "sự cố hóa chất"
    assert words["Hóa chất nguy hiểm"].kind == "term"
    assert words["Hóa chất nguy hiểm"].meaning.startswith("hóa chất có một hoặc một số đặc tính nguy hiểm")
    assert "VLNCN" not in words  # defined by the other area's documents


def test_admin_choices_are_kept_and_outlive_a_reingest(tmp_path: Path) -> None:
    settings = index_archive(tmp_path, write_areas_archive)
    book = AreaBook(settings.index_dir)
    areas = book.areas()
    overrides = with_rename(Overrides(), areas, CHEMICALS, "Quản lý hóa chất")
    overrides = with_merge(overrides, areas, EMULATION, EXPLOSIVES)
    overrides = with_split(overrides, areas, CHEMICALS, "Văn bản gốc hóa chất", [f"{CHEMICALS}/van-ban-goc"])
    overrides.save(settings.index_dir)
    with pytest.raises(UnknownArea):
        with_rename(overrides, areas, "khong-co", "X")
    # a new document in the chemicals folder, and the ingest run again
    extra = tmp_path / "kho" / CHEMICALS / "vi-du" / "TB-570.txt"
    extra.write_text((tmp_path / "kho" / CHEMICALS / "vi-du" / "BC-560 ket qua kiem tra.txt").read_text().replace(
        "560/BC-SCT", "570/TB-SCT"), encoding="utf-8")  # fmt: skip
    ingest_archive(settings, tmp_path / "kho", HashEmbeddings())
    after = {a.key: a for a in AreaBook(settings.index_dir).areas()}
    assert after[CHEMICALS].name == "Quản lý hóa chất"
    assert f"{CHEMICALS}/vi-du/TB-570.txt" in after[CHEMICALS].paths
    assert EMULATION not in after
    assert len(after[EXPLOSIVES].paths) == 4
    split = after["admin:van-ban-goc-hoa-chat"]
    assert split.paths == (f"{CHEMICALS}/van-ban-goc/ND-88-2030.txt",)
    assert split.paths[0] not in after[CHEMICALS].paths


def test_areas_command_lists_and_renames(foldered: Settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil

    index = tmp_path / "index"
    shutil.copytree(foldered.index_dir, index)
    assert main(["areas", "--index", str(index), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    chemicals = next(r for r in rows if r["key"] == CHEMICALS)
    assert (chemicals["documents"], chemicals["legal_texts"], chemicals["procedures"], chemicals["duties"]) == (
        4,
        2,
        1,
        2,
    )
    assert main(["areas", "--index", str(index), "--rename", CHEMICALS, "Hóa chất công nghiệp"]) == 0
    out = capsys.readouterr().out
    assert f"Hóa chất công nghiệp  [{CHEMICALS}, theo thư mục]" in out
    assert "3 lĩnh vực." in out
    assert main(["areas", "--index", str(index), "--merge", CHEMICALS, "khong-co"]) == 1
    assert "Không có lĩnh vực “khong-co”" in capsys.readouterr().err


def test_only_the_changed_area_is_built_again(foldered: Settings, tmp_path: Path) -> None:
    import shutil

    index = tmp_path / "index"
    shutil.copytree(foldered.index_dir, index)
    book = AreaBook(index)
    first = {p.area.key: p for p in book.pages()}
    book._cache.pages[EXPLOSIVES] = (book._cache.pages[EXPLOSIVES][0], replace(first[EXPLOSIVES], cases=99))
    again = {p.area.key: p for p in book.pages()}
    assert again[EXPLOSIVES].cases == 99  # unchanged documents: served from the cache, not built again


@pytest.mark.parametrize(
    ("sentence", "number", "ended"),
    [
        ("Nghị định này thay thế Nghị định số 12/2020/NĐ-CP ngày 10/02/2020.", "12/2020/NĐ-CP", True),
        ("Nghị định này thay thế Nghị định số 12/2020/NĐ-CP ngày 10/02/2020.", "Nghị định này", False),
        ("Nghị định số 71/2018/NĐ-CP đã được thay thế bằng Nghị định số 181/2024/NĐ-CP.", "71/2018/NĐ-CP", True),
        ("Nghị định số 71/2018/NĐ-CP đã được thay thế bằng Nghị định số 181/2024/NĐ-CP.", "181/2024/NĐ-CP", False),
        ("Căn cứ pháp lý đã hết hiệu lực (Nghị định số 71/2018/NĐ-CP).", "71/2018/NĐ-CP", True),
        ("Bãi bỏ Nghị định số 71/2018/NĐ-CP ngày 15 tháng 5 năm 2018.", "71/2018/NĐ-CP", True),
        ("Các mẫu, biểu mẫu tại Thông tư số 38/2025/TT-BCT được thay thế.", "38/2025/TT-BCT", False),
        ("Sửa đổi, bổ sung, bãi bỏ một số quy định của Thông tư số 38/2025/TT-BCT.", "38/2025/TT-BCT", False),
        ("Thay thế Điều 5 của Nghị định số 12/2020/NĐ-CP.", "12/2020/NĐ-CP", False),
        (
            "Nghị định số 06/2021/NĐ-CP đã được sửa đổi, bổ sung một số điều theo Nghị định số 35/2023/NĐ-CP, Nghị định"
            " số 175/2024/NĐ-CP, Nghị định số 14/2026/NĐ-CP hết hiệu lực kể từ ngày Nghị định này có hiệu lực.",
            "175/2024/NĐ-CP",
            False,
        ),
        (
            "Nghị định số 06/2021/NĐ-CP đã được sửa đổi, bổ sung một số điều theo Nghị định số 35/2023/NĐ-CP hết"
            " hiệu lực kể từ ngày Nghị định này có hiệu lực.",
            "06/2021/NĐ-CP",
            True,
        ),
        ("Căn cứ Nghị định số 12/2020/NĐ-CP ngày 10/02/2020.", "12/2020/NĐ-CP", False),
        (
            "Nghị định số 181/2024/NĐ-CP có hiệu lực từ ngày 01/01/2025; Nghị định số 71/2018/NĐ-CP hết hiệu lực.",
            "181/2024/NĐ-CP",
            False,
        ),
        (
            "Nghị định số 06/2021/NĐ-CP ngày 26 tháng 01 năm 2021 của Chính phủ quy định chi tiết một số nội dung về"
            " quản lý chất lượng, thi công xây dựng và bảo trì công trình xây dựng đã được sửa đổi, bổ sung một số điều"
            " theo Nghị định số 35/2023/NĐ-CP, Nghị định số 175/2024/NĐ-CP, Nghị định số 14/2026/NĐ-CP, Nghị định số"
            " 67/2026/NĐ-CP hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.",
            "06/2021/NĐ-CP",
            True,
        ),
    ],
)
def test_what_the_archive_says_ended(sentence: str, number: str, ended: bool) -> None:
    folded = fold(sentence)
    assert ended_in(folded, folded.find(fold(number))) is ended


@pytest.mark.parametrize(
    ("sentence", "recipient"),
    [
        ("Định kỳ trước ngày 15 tháng 12 hằng năm, báo cáo về Sở Xây dựng để tổng hợp.", "Sở Xây dựng"),
        (
            "Báo cáo kết quả thực hiện về Ủy ban nhân dân cấp tỉnh trước ngày 30 tháng 11 hàng năm.",
            "Ủy ban nhân dân cấp tỉnh",
        ),
        ("Định kỳ 06 tháng, báo cáo Sở Nội vụ nơi đặt trụ sở chi nhánh.", "Sở Nội vụ"),
        ("Định kỳ hằng quý tổng hợp, báo cáo kết quả thực hiện.", None),
    ],
)
def test_whom_a_duty_reports_to(sentence: str, recipient: str | None) -> None:
    duty = duty_in(sentence, "kho/x.txt", 1)
    assert duty is not None and duty.recipient == recipient
    assert duty_in("Phạt tiền đối với hành vi không báo cáo định kỳ hằng năm.", "kho/x.txt", 1) is None
