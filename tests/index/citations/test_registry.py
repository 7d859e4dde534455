"""The registry of cited directives: lookup in any spelling, years kept apart, resolution, both directions,
incremental replace and forget, glossary; and the Vietnamese report written from it."""

from __future__ import annotations

import pytest

from assistant.directives import format_directive_brief, format_directive_report, format_not_found
from index.citations.registry import Registry
from index.records import Chunk, DocMeta

# Fictional documents of a fictional province.
REPORT_2021 = "bao-cao/bc-45-2021.pdf"
REPORT_2023 = "bao-cao/bc-88-2023.docx"
DECISION = "quyet-dinh/qd-214-2020.pdf"
LETTER = "cong-van/cv-7-2024.docx"


def chunk(path: str, ordinal: int, text: str, page: int = 1) -> Chunk:
    return Chunk(path, ordinal, text, (), page, page)


def meta(path: str, number: str | None, date: str, doc_type: str = "Báo cáo", **extra: str) -> DocMeta:
    return DocMeta(path=path, number=number, doc_type=doc_type, date=date, **extra)


def add_report_2021(registry: Registry) -> None:
    registry.replace_document(
        REPORT_2021,
        meta(REPORT_2021, "45/BC-SCT", "2021-03-25"),
        [
            chunk(
                REPORT_2021,
                0,
                "Triển khai Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh về phê duyệt Kế hoạch "
                "phát triển thương mại điện tử giai đoạn 2021 - 2025. Các đơn vị sử dụng vật liệu nổ công "
                "nghiệp (VLNCN) đã báo cáo.",
                page=2,
            ),
            chunk(REPORT_2021, 1, "Tiếp tục thực hiện Quyết định số 214/QĐ-UBND nêu trên.", page=5),
            chunk(REPORT_2021, 2, "Thực hiện Thông tư số 9/2022/TT-BCT của Bộ Công Thương về an toàn.", page=6),
        ],
    )


def add_report_2023(registry: Registry) -> None:
    registry.replace_document(
        REPORT_2023,
        meta(REPORT_2023, "88/BC-SCT", "2023-06-22"),
        [
            chunk(
                REPORT_2023,
                0,
                "Thực hiện Quyết định 214/QD-UBND ngày 18/9/2020 của Chủ tịch UBND tỉnh.",
                page=3,
            ),
            chunk(
                REPORT_2023,
                1,
                "Căn cứ Quyết định số 214/QĐ-UBND ngày 05/01/2023 của UBND tỉnh về thành lập Tổ công tác; "
                "Thông tư số 9/2022/TT-BCT của Bộ Công Thương về an toàn hóa chất. Sử dụng vật liệu nổ công "
                "nghiệp (VLNCN) và cụm công nghiệp (CCN).",
                page=4,
            ),
        ],
    )


def add_decision(registry: Registry) -> None:
    registry.replace_document(
        DECISION,
        meta(
            DECISION,
            "214/QĐ-UBND",
            "2020-09-18",
            doc_type="Quyết định",
            issuer="UBND tỉnh Hòa Sơn",
            subject="Phê duyệt Kế hoạch phát triển thương mại điện tử tỉnh Hòa Sơn giai đoạn 2021 - 2025",
        ),
        [
            chunk(DECISION, 0, "ỦY BAN NHÂN DÂN TỈNH HÒA SƠN\nSố: 214/QĐ-UBND\nQUYẾT ĐỊNH"),
            chunk(
                DECISION,
                1,
                "Căn cứ Nghị định số 52/2013/NĐ-CP ngày 16/5/2013 của Chính phủ về thương mại điện tử;\n"
                "Quyết định số 214/QĐ-UBND có hiệu lực từ ngày ký.",
                page=2,
            ),
        ],
    )


def add_letter(registry: Registry) -> None:
    registry.replace_document(
        LETTER,
        meta(LETTER, "7/SCT-QLTM", "2024-02-01", doc_type="Công văn"),
        [chunk(LETTER, 0, "Thực hiện Thông tư số 9/2022/TT-BCT của Bộ Tài chính.", page=1)],
    )


@pytest.fixture
def registry(tmp_path):
    registry = Registry(tmp_path / "registry.sqlite")
    for add in (add_report_2021, add_report_2023, add_decision, add_letter):
        add(registry)
    yield registry
    registry.close()


def test_lookup_resolves_to_the_archive_document_whose_header_has_the_number(registry):
    report = registry.lookup("214/qd-ubnd@2020")
    assert report.key == "214/QD-UBND@2020"
    assert report.number == "214/QĐ-UBND"
    assert [d.path for d in report.archive] == [DECISION]
    # the archive copy's header wins over what citing documents say
    assert (report.issuer.value, report.issuer.origin, report.issuer.doc_path) == (
        "UBND tỉnh Hòa Sơn",
        "header",
        DECISION,
    )
    assert report.date.value == "2020-09-18"
    assert report.subject.value.startswith("Phê duyệt Kế hoạch phát triển thương mại điện tử tỉnh Hòa Sơn")


def test_citations_newest_first_with_page_and_sentence_and_no_self_citation(registry):
    report = registry.lookup("214/QĐ-UBND ngày 18/9/2020")
    assert [(m.doc_path, m.page) for m in report.citations] == [
        (REPORT_2023, 3),
        (REPORT_2021, 2),
        (REPORT_2021, 5),
    ]
    assert report.citations[0].sentence == "Thực hiện Quyết định 214/QD-UBND ngày 18/9/2020 của Chủ tịch UBND tỉnh."
    # the undated "nêu trên" mention took the year its document gave the number earlier
    assert report.citations[2].sentence == "Tiếp tục thực hiện Quyết định số 214/QĐ-UBND nêu trên."
    assert report.citing_documents == 2


def test_one_number_in_two_years_gives_two_directives(registry):
    assert [r.key for r in registry.lookup_all("214/QĐ-UBND")] == ["214/QD-UBND@2020", "214/QD-UBND@2023"]
    without_year = registry.lookup("214 / QĐ - UBND")
    assert without_year.key == "214/QD-UBND@2020"  # the most cited
    assert without_year.alternatives == ("214/QD-UBND@2023",)
    newer = registry.lookup("Quyết định 214/QĐ-UBND năm 2023")
    assert newer.key == "214/QD-UBND@2023"
    assert newer.archive == ()  # the archive copy is of 2020
    assert (newer.subject.value, newer.subject.doc_path, newer.subject.page) == (
        "thành lập Tổ công tác",
        REPORT_2023,
        4,
    )
    assert [m.doc_path for m in newer.citations] == [REPORT_2023]


def test_facts_of_a_directive_only_cited_are_voted_by_its_mentions(registry):
    report = registry.lookup("09/2022/TT-BCT")
    assert report.key == "9/2022/TT-BCT@2022"
    assert not report.in_archive
    assert (report.issuer.value, report.issuer.votes) == ("Bộ Công Thương", 2)  # over one "Bộ Tài chính"
    assert report.doc_type.value == "Thông tư"
    # the longer description extends the shorter one and wins
    assert (report.subject.value, report.subject.doc_path) == ("an toàn hóa chất", REPORT_2023)
    assert [m.doc_path for m in report.citations] == [LETTER, REPORT_2023, REPORT_2021]


def test_unknown_numbers(registry):
    assert registry.lookup("999/QĐ-UBND") is None
    assert registry.lookup("không có số hiệu") is None
    assert registry.lookup_all("214/QĐ-UBND năm 2019") == []


def test_documents_citing_documents_both_ways(registry):
    cited = registry.cites(REPORT_2021)
    assert [(link.key, link.count, link.archive_paths) for link in cited] == [
        ("214/QD-UBND@2020", 2, (DECISION,)),
        ("9/2022/TT-BCT@2022", 1, ()),
    ]
    assert cited[0].mention.page == 2
    assert [(m.doc_path, m.page) for m in registry.cited_by(DECISION)] == [
        (REPORT_2023, 3),
        (REPORT_2021, 2),
        (REPORT_2021, 5),
    ]
    assert registry.cited_by(LETTER) == []
    assert [link.number for link in registry.cites(DECISION)] == ["52/2013/NĐ-CP"]  # not its own number


def test_most_cited_and_counts(registry):
    top = registry.most_cited(2)
    assert [(s.key, s.citing_documents, s.mentions) for s in top] == [
        ("9/2022/TT-BCT@2022", 3, 3),
        ("214/QD-UBND@2020", 2, 3),
    ]
    assert top[1].archive_paths == (DECISION,)
    stats = registry.stats()
    assert (stats.documents, stats.mentions, stats.directives, stats.resolved) == (4, 8, 4, 1)


def test_replace_is_incremental_and_forget_removes_everything_of_a_document(registry):
    add_report_2021(registry)  # indexing the same file again adds nothing twice
    assert registry.stats().mentions == 8
    registry.replace_document(
        REPORT_2021,
        meta(REPORT_2021, "45/BC-SCT", "2021-03-25"),
        [chunk(REPORT_2021, 0, "Không trích dẫn gì.")],
    )
    assert [m.doc_path for m in registry.lookup("214/QĐ-UBND@2020").citations] == [REPORT_2023]
    registry.forget(REPORT_2023)
    assert registry.lookup("214/QĐ-UBND@2023") is None
    report = registry.lookup("214/QĐ-UBND")
    assert (report.key, report.citations, [d.path for d in report.archive]) == (
        "214/QD-UBND@2020",
        (),
        [DECISION],
    )
    registry.forget(DECISION)
    assert registry.lookup("214/QĐ-UBND") is None


def test_glossary_counts_definitions_and_follows_the_documents(registry):
    assert registry.glossary() == {"CCN": ("cụm công nghiệp", 1), "VLNCN": ("vật liệu nổ công nghiệp", 2)}
    registry.forget(REPORT_2023)
    assert registry.glossary() == {"VLNCN": ("vật liệu nổ công nghiệp", 1)}


def test_registry_persists_across_opening(tmp_path):
    first = Registry(tmp_path / "registry.sqlite")
    add_report_2021(first)
    first.close()
    again = Registry(tmp_path / "registry.sqlite")
    assert again.lookup("214/QĐ-UBND").key == "214/QD-UBND@2020"
    again.close()


def test_report_in_vietnamese(registry):
    text = format_directive_report(registry.lookup("214/QĐ-UBND"))
    assert text.startswith("Quyết định số 214/QĐ-UBND (năm 2020)")
    assert f"Có trong kho:\n- {DECISION} (Quyết định, 18/9/2020)" in text
    assert "Được trích dẫn 3 lần trong 2 văn bản" in text
    assert text.index(REPORT_2023) < text.index(REPORT_2021)  # newest first
    assert "214/QD-UBND@2023" in text  # the other year is offered
    cited_only = format_directive_report(registry.lookup("9/2022/TT-BCT"))
    assert "Chưa có trong kho" in cited_only
    assert f"- Cơ quan ban hành: Bộ Công Thương (theo {REPORT_2023}, tr. 4; 2 lần nhắc thống nhất)" in cited_only
    assert "999/QĐ-UBND" in format_not_found("999/QĐ-UBND")


def test_sync_fills_a_registry_created_after_the_index_and_drops_departed_documents(tmp_path, registry):
    indexed = {
        DECISION: meta(DECISION, "214/QĐ-UBND", "2020-09-18", doc_type="Quyết định"),
        LETTER: meta(LETTER, "7/SCT-QLTM", "2024-02-01", doc_type="Công văn"),
    }
    texts = {
        DECISION: [chunk(DECISION, 0, "Căn cứ Nghị định số 52/2013/NĐ-CP ngày 16/5/2013 của Chính phủ;")],
        LETTER: [chunk(LETTER, 0, "Thực hiện Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh.")],
    }
    fresh = Registry(tmp_path / "fresh" / "registry.sqlite")
    assert fresh.sync(indexed, texts.__getitem__) == 2
    assert [m.doc_path for m in fresh.cited_by(DECISION)] == [LETTER]
    assert fresh.sync(indexed, texts.__getitem__) == 0  # in step: nothing read again
    fresh.close()
    # the shared registry also lists two reports the index no longer holds; documents it has stay as they are
    assert registry.sync(indexed, texts.__getitem__) == 0
    assert registry.lookup("214/QĐ-UBND@2023") is None
    assert registry.lookup("214/QĐ-UBND").citations == ()
    assert [m.doc_path for m in registry.lookup("9/2022/TT-BCT").citations] == [LETTER]


def test_stored_mentions_in_document_order_without_the_documents_own_number(registry):
    assert [(m.key, m.page) for m in registry.mentions(REPORT_2021)] == [
        ("214/QD-UBND@2020", 2),
        ("214/QD-UBND@2020", 5),
        ("9/2022/TT-BCT@2022", 6),
    ]
    assert [m.number for m in registry.mentions(DECISION)] == ["52/2013/NĐ-CP"]
    assert len(registry.mentions()) == registry.stats().mentions == 8


def test_a_number_from_the_file_name_is_named_as_such_in_reports(tmp_path):
    registry = Registry(tmp_path / "registry.sqlite")
    try:
        draft = "thong-bao/TB-245_12.3.2025_lich.docx"
        registry.replace_document(
            draft,
            meta(draft, "245/TB-SCT", "2025-03-12", doc_type="Thông báo", number_source="filename"),
            [chunk(draft, 0, "Thực hiện Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh.")],
        )
        add_decision(registry)
        later = "bao-cao/bc-9-2025.docx"
        registry.replace_document(
            later,
            meta(later, "9/BC-SCT", "2025-04-01"),
            [chunk(later, 0, "Theo Thông báo số 245/TB-SCT ngày 12/3/2025 của Sở Công Thương.")],
        )
        held = format_directive_report(registry.lookup("245/TB-SCT"))
        assert f"Có trong kho:\n- {draft} (Thông báo (dự thảo, số 245/TB-SCT theo tên tệp), 12/3/2025)" in held
        brief = format_directive_brief(registry.lookup("245/TB-SCT"))
        assert f"Có trong kho: {draft} (Thông báo (dự thảo, số 245/TB-SCT theo tên tệp))" in brief
        citing = format_directive_report(registry.lookup("214/QĐ-UBND"))
        assert f"{draft}, tr. 1 (Thông báo (dự thảo, số 245/TB-SCT theo tên tệp), 12/3/2025)" in citing
        assert "Thông báo số 245/TB-SCT, 12/3/2025" not in citing
    finally:
        registry.close()


def test_a_mention_is_on_the_page_where_its_number_is(tmp_path):
    registry = Registry(tmp_path / "registry.sqlite")
    try:
        text = "Báo cáo tình hình quý I.\nThực hiện Quyết định số 214/QĐ-UBND ngày 18/9/2020 của UBND tỉnh."
        marks = ((0, 2), (text.index("Thực hiện"), 3))
        registry.replace_document(
            REPORT_2021, meta(REPORT_2021, "45/BC-SCT", "2021-03-25"), [Chunk(REPORT_2021, 0, text, (), 2, 3, marks)]
        )
        assert [m.page for m in registry.mentions(REPORT_2021)] == [3]
    finally:
        registry.close()


def test_a_registry_written_before_number_sources_opens_and_reads(tmp_path):
    import sqlite3

    path = tmp_path / "registry.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE documents (path TEXT PRIMARY KEY, number TEXT, base TEXT, year INTEGER,"
        " doc_type TEXT, date TEXT, issuer TEXT, subject TEXT);"
    )
    old.execute(
        "INSERT INTO documents VALUES (?, '214/QĐ-UBND', '214/QD-UBND', 2020, 'Quyết định', '2020-09-18', NULL, NULL)",
        (DECISION,),
    )
    old.commit()
    old.close()
    registry = Registry(path)
    try:
        add_report_2021(registry)
        report = registry.lookup("214/QĐ-UBND")
        assert [(d.path, d.number_source, d.title) for d in report.archive] == [(DECISION, None, None)]
        assert report.citations[0].citing_title == "Báo cáo số 45/BC-SCT"
    finally:
        registry.close()
