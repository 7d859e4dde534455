"""Metadata from the header and signature blocks, on fictional documents of each shape the archive holds."""

from __future__ import annotations

import pytest

from index.metadata import (
    date_from_filename,
    extract_metadata,
    format_issuer,
    parse_vietnamese_date,
    signer_from_stamp,
)

# A report as a DOCX header table comes out of the loader: left column, then right column.
REPORT = """UBND TỈNH HÀ GIANG
SỞ CÔNG THƯƠNG
Số: 215/BC-SCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Giang, ngày 05 tháng 3 năm 2024

BÁO CÁO
Tình hình sản xuất công nghiệp quý I
và nhiệm vụ trọng tâm quý II năm 2024
Kính gửi: Bộ Công Thương
I. TÌNH HÌNH SẢN XUẤT
Chỉ số sản xuất công nghiệp quý I tăng 4,2% so với cùng kỳ; Quyết định số 88/QĐ-UBND được triển khai.
Sở Công Thương kính báo cáo./.
Nơi nhận:
- Bộ Công Thương;
- UBND tỉnh (b/c);
- Lưu: VT, KHTC.
GIÁM ĐỐC
Trần Văn Bình
"""

# A draft notice: the number left blank in the header, the registered number only in the file name.
NOTICE_DRAFT = """UBND TỈNH LÀO CAI
SỞ CÔNG THƯƠNG
Số:            /TB-SCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày        tháng 5 năm 2025
THÔNG BÁO
Kết quả kiểm tra an toàn kho chứa
tại các đơn vị trên địa bàn tỉnh
Thực hiện Kế hoạch số 77/KH-SCT ngày 02/4/2025 của Sở Công Thương, Đoàn kiểm tra thông báo kết quả như sau:
1. Các đơn vị cơ bản chấp hành quy định.
Nơi nhận:
- Các đơn vị được kiểm tra;
- Ban Giám đốc Sở;
- Lưu: VT, CN.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Đỗ Minh Khôi
"""

# A decision of a provincial committee, signed for the committee by a vice-chairman.
DECISION = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1389 / QĐ - UBND
Yên Bái, ngày 18 tháng 9 năm 2020
QUYẾT ĐỊNH
Về việc phê duyệt Kế hoạch phát triển thương mại điện tử
giai đoạn 2021 - 2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH YÊN BÁI
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Điều 1. Phê duyệt Kế hoạch kèm theo Quyết định này.
Nơi nhận:
- Như Điều 3;
- Bộ Công Thương (b/c);
- Lưu: VT, TH.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Thị Hoa
"""

# An official letter from a PDF text layer: both header columns on each line, signature titles among the
# items.
LETTER_PDF = """BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CỤC HÓA CHẤT Độc lập - Tự do - Hạnh phúc
Số: 412/HC-QLHC Hà Nội, ngày 09 tháng 10 năm 2025
V/v hướng dẫn khai báo hóa chất nhập khẩu
qua cổng thông tin một cửa quốc gia
Kính gửi: Công ty TNHH Hóa chất Sông Đà
Cục Hóa chất nhận được văn bản số 15/SĐ-KT của Công ty về việc khai báo hóa chất nhập khẩu.
Nơi nhận: KT. CỤC TRƯỞNG
- Như trên; PHÓ CỤC TRƯỞNG
- Cục trưởng (để b/c);
- Lưu: VT, QLHC.
Vương Minh Khang
"""

DECREE = """CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 120/2031/NĐ-CP
Hà Nội, ngày 07 tháng 10 năm 2031
NGHỊ ĐỊNH
QUY ĐỊNH VỀ QUẢN LÝ CHỢ ĐẦU MỐI NÔNG SẢN TẠI TỈNH LẠNG SƠN
Căn cứ Luật Tổ chức Chính phủ;
Theo đề nghị của Bộ trưởng Bộ Công Thương;
Điều 1. Phạm vi điều chỉnh
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT, KTTH.
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Phan Quốc Tuấn
"""

LAW = """QUỐC HỘI
Luật số: 99/2030/QH16
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 20 tháng 6 năm 2030
LUẬT
THƯƠNG MẠI ĐIỆN TỬ
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Điều 1. Phạm vi điều chỉnh
Luật này được Quốc hội thông qua ngày 20 tháng 6 năm 2030.
CHỦ TỊCH QUỐC HỘI Nguyễn Văn An
"""

# OCR of a signed scan: handwritten digits misread, columns on one line.
OCR_DIRECTIVE = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG TRỊ Độc lập - Tự do - Hạnh phúc
Số: 2ƒ /CT-UBND Quảng Trị, ngày 1# tháng 3 năm 2024
CHỈ THỊ
Về việc tăng cường phòng, chống cháy nổ tại chợ
Trong thời gian qua, công tác phòng cháy tại các chợ đã có chuyển biến.
"""

OCR_REPORT = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG TRỊ Độc lập - Tự do - Hạnh phúc
Số: 80 /BC-UBND Quảng Trị, ngày 12 tháng 4 năm 2024
BÁO CÁO
Kết quả thực hiện dự toán ngân sách năm 2023
Kính gửi: Hội đồng nhân dân tỉnh
"""

# The founding documents' text lost the issuer block: only "Số:", the place-and-date and the body remain.
HEADERLESS = """Số: /BC-SCT
Trà Vinh, ngày tháng 02 năm 2021
BÁO CÁO
Tình hình hoạt động thương mại tháng 02/2021
I. KẾT QUẢ THỰC HIỆN
Tổng mức bán lẻ hàng hóa tăng 8%.
"""


def test_report_from_a_docx_header_table():
    meta = extract_metadata(REPORT, "ha-giang/bao-cao-quy-1.docx", pages=1)
    assert meta.issuer == "Sở Công Thương tỉnh Hà Giang"
    assert (meta.number, meta.number_source) == ("215/BC-SCT", "header")
    assert (meta.date, meta.place) == ("2024-03-05", "Hà Giang")
    assert meta.doc_type == "Báo cáo"
    assert meta.subject == "Tình hình sản xuất công nghiệp quý I và nhiệm vụ trọng tâm quý II năm 2024"
    assert (meta.signer, meta.signer_capacity) == ("Trần Văn Bình", "GIÁM ĐỐC")
    assert meta.recipients == ("Bộ Công Thương", "UBND tỉnh (b/c)", "Lưu: VT, KHTC")
    assert (meta.path, meta.pages, meta.pages_ocr) == ("ha-giang/bao-cao-quy-1.docx", 1, 0)


def test_blank_number_completed_from_the_file_name():
    meta = extract_metadata(NOTICE_DRAFT, "lao-cai/TB-2468_12.5.2025_Ket-qua-kiem-tra.docx")
    assert (meta.number, meta.number_source) == ("2468/TB-SCT", "filename")
    assert meta.doc_type == "Thông báo"
    assert meta.date == "2025-05-12"  # "tháng 5 năm 2025" made precise by the name's date
    assert meta.subject == "Kết quả kiểm tra an toàn kho chứa tại các đơn vị trên địa bàn tỉnh"
    assert (meta.signer, meta.signer_capacity) == ("Đỗ Minh Khôi", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    assert meta.recipients[-1] == "Lưu: VT, CN"


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("lao-cai/Thong-bao-ket-qua-kiem-tra.docx", "2025-05"),  # no number in the name
        ("lao-cai/KH-2468_12.5.2025_Ket-qua.docx", "2025-05-12"),  # the name's code disagrees with /TB-SCT
        ("lao-cai/TB_13.5.2025_Ket-qua.docx", "2025-05-13"),  # "13" is the day of a date, not a number
        ("000_2656dc2d8bf2e6dd.docx", "2025-05"),  # a sequence number
    ],
)
def test_blank_number_stays_unknown_when_the_name_does_not_carry_it(path, date):
    meta = extract_metadata(NOTICE_DRAFT, path)
    assert (meta.number, meta.number_source) == (None, None)
    assert meta.date == date


def test_a_file_name_date_of_another_month_does_not_replace_the_header_month():
    meta = extract_metadata(NOTICE_DRAFT, "lao-cai/TB-2468_12.6.2025_Ket-qua.docx")
    assert meta.number == "2468/TB-SCT"
    assert meta.date == "2025-05"


def test_decision_signed_for_the_committee():
    meta = extract_metadata(DECISION, "yen-bai/qd-1389.pdf")
    assert meta.issuer == "UBND tỉnh Yên Bái"
    assert (meta.number, meta.number_source) == ("1389/QĐ-UBND", "header")
    assert (meta.date, meta.place, meta.doc_type) == ("2020-09-18", "Yên Bái", "Quyết định")
    assert meta.subject == "Về việc phê duyệt Kế hoạch phát triển thương mại điện tử giai đoạn 2021 - 2025"
    assert meta.signer == "Lê Thị Hoa"
    assert meta.signer_capacity == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert meta.recipients == ("Như Điều 3", "Bộ Công Thương (b/c)", "Lưu: VT, TH")


def test_official_letter_with_two_columns_on_each_line():
    meta = extract_metadata(LETTER_PDF, "cuc-hoa-chat/412-HC-QLHC.pdf", pages=2)
    assert meta.issuer == "Cục Hóa chất - Bộ Công Thương"
    assert meta.number == "412/HC-QLHC"
    assert (meta.date, meta.place) == ("2025-10-09", "Hà Nội")
    assert meta.doc_type == "Công văn"  # a "V/v" line and no type heading
    assert meta.subject == "V/v hướng dẫn khai báo hóa chất nhập khẩu qua cổng thông tin một cửa quốc gia"
    assert (meta.signer, meta.signer_capacity) == ("Vương Minh Khang", "KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG")
    assert meta.recipients == ("Như trên", "Cục trưởng (để b/c)", "Lưu: VT, QLHC")


def test_decree_with_an_all_caps_subject():
    meta = extract_metadata(DECREE, "trung-uong/nd-120-2031.docx")
    assert (meta.issuer, meta.doc_type, meta.number) == ("Chính phủ", "Nghị định", "120/2031/NĐ-CP")
    assert meta.date == "2031-10-07"
    assert meta.subject == "Quy định về quản lý chợ đầu mối nông sản tại tỉnh Lạng Sơn"
    assert meta.signer == "Phan Quốc Tuấn"
    assert meta.signer_capacity == "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG"


def test_law_signed_on_one_line_without_recipients():
    meta = extract_metadata(LAW, "luat/luat-99-2030.docx")
    assert (meta.issuer, meta.doc_type, meta.number) == ("Quốc hội", "Luật", "99/2030/QH16")
    assert meta.subject == "Thương mại điện tử"
    assert (meta.signer, meta.signer_capacity) == ("Nguyễn Văn An", "CHỦ TỊCH QUỐC HỘI")
    assert meta.recipients == ()


def test_ocr_garbled_digits_are_not_a_number():
    meta = extract_metadata(OCR_DIRECTIVE, "quang-tri/15CT.signed_20240301_101010.pdf", pages=3, pages_ocr=3)
    assert meta.number is None  # "2ƒ" agrees with no reading of the name's 15
    assert meta.date == "2024-03"  # the day "1#" is unreadable, month and year are not
    assert (meta.issuer, meta.doc_type, meta.place) == ("UBND tỉnh Quảng Trị", "Chỉ thị", "Quảng Trị")
    assert meta.subject == "Về việc tăng cường phòng, chống cháy nổ tại chợ"
    assert meta.pages_ocr == 3


def test_a_number_spelled_in_brackets_in_the_file_name_completes_an_unreadable_one():
    # "2770" is the register's number; "(15-CT-UBND)" spells the document's, which the scan's "2ƒ" cannot be
    path = "quang-tri/2770 (15-CT-UBND)..signed_20240301_101010.pdf"
    meta = extract_metadata(OCR_DIRECTIVE.replace("2ƒ", "đ@"), path, pages=3, pages_ocr=3)
    assert (meta.number, meta.number_source) == ("15/CT-UBND", "filename")
    # a bracket holding no number and symbol is no number
    meta = extract_metadata(OCR_DIRECTIVE.replace("2ƒ", "đ@"), "quang-tri/chi thi (ban sao).pdf", pages=3, pages_ocr=3)
    assert meta.number is None


def test_ocr_misread_number_yields_to_the_file_name_on_scans_only():
    scanned = extract_metadata(OCR_REPORT, "quang-tri/280 BC.signed_20240412_080000.pdf", pages_ocr=1)
    assert (scanned.number, scanned.number_source) == ("280/BC-UBND", "filename")
    typed = extract_metadata(OCR_REPORT, "quang-tri/280 BC.signed_20240412_080000.pdf", pages_ocr=0)
    assert (typed.number, typed.number_source) == ("80/BC-UBND", "header")
    # the compact "20240412_080000" signing stamp is no document date
    assert scanned.date == "2024-04-12"


def test_issuer_inferred_from_the_symbol_when_the_header_lost_it():
    meta = extract_metadata(HEADERLESS, "sct/000_a59dae565174f70a.pdf")
    assert meta.issuer == "Sở Công Thương tỉnh Trà Vinh"
    assert (meta.number, meta.date, meta.doc_type) == (None, "2021-02", "Báo cáo")
    assert meta.subject == "Tình hình hoạt động thương mại tháng 02/2021"


def test_letter_without_v_v_is_known_by_its_symbol():
    text = (
        "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 3155/SCT-CN\n"
        "Lào Cai, ngày 02 tháng 6 năm 2026\nKính gửi: Hợp tác xã Tân Tiến\n"
    )
    meta = extract_metadata(text, "a.docx")
    assert (meta.doc_type, meta.subject, meta.number) == ("Công văn", None, "3155/SCT-CN")


def test_number_only_in_the_name_of_a_scan_without_text():
    spelled = extract_metadata("", "lao-cai/CV-5141-SNNMT-KS-29-12-2025-thong-ke.pdf")
    assert (spelled.number, spelled.number_source, spelled.date) == (
        "5141/SNNMT-KS",
        "filename",
        "2025-12-29",
    )
    assert spelled.doc_type == "Công văn"
    bare = extract_metadata("", "lao-cai/QD-2338-2026-CTDT-KCN.pdf")
    assert (bare.number, bare.number_source) == ("2338", "filename")  # the symbol is not known: not invented
    assert (bare.doc_type, bare.issuer, bare.date) == (None, None, None)


def test_unknown_fields_stay_empty():
    text = "Danh mục văn bản pháp luật về hóa chất\n1. Luật Hóa chất năm 2025.\n2. Nghị định số 26/2026/NĐ-CP."
    meta = extract_metadata(text, "danh-muc.docx")
    assert (meta.number, meta.doc_type, meta.date, meta.place, meta.issuer) == (None, None, None, None, None)
    assert (meta.subject, meta.signer, meta.signer_capacity, meta.recipients) == (None, None, None, ())


def test_legacy_font_garbage_gives_no_subject_or_issuer():
    text = (
        "SO CONG ]'HTJONG\nPHONG QLCN\nCQNG HOA XA HQI CHU NGHIA VIET NAM\n"
        "PHIEU TRINH\nGiai quyet c6ng viec kinh gfri\n"
    )
    meta = extract_metadata(text, "phieu.pdf")
    assert (meta.issuer, meta.subject) == (None, None)


def test_signature_columns_read_into_the_recipients():
    # a plain-text export puts both columns on each line: titles and the name land among the items
    text = (
        "BAN QUẢN LÝ KHU KINH TẾ\nSố: 12/GCN-BQL\nLào Cai, ngày 30 tháng 6 năm 2026\n"
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ\nĐiều 1. Nhà đầu tư thực hiện dự án.\n"
        "Nơi nhận: TRƯỞNG BAN\n~ Như Điều 4;\n~- Lãnh đạo Ban;\n- Lưu: VT, QHXD; Lương Văn Tiến\n"
    )
    meta = extract_metadata(text, "gcn.pdf")
    assert (meta.signer, meta.signer_capacity) == ("Lương Văn Tiến", "TRƯỞNG BAN")
    assert meta.recipients == ("Như Điều 4", "Lãnh đạo Ban", "Lưu: VT, QHXD")
    assert meta.doc_type == "Giấy chứng nhận"


def test_several_signatures_name_no_single_signer():
    text = REPORT.split("Nơi nhận:")[0] + "ĐẠI DIỆN CÔNG TY Nguyễn Quang Huy\nTRƯỞNG ĐOÀN\nTrần Văn Bình\n"
    meta = extract_metadata(text, "bien-ban.docx")
    assert meta.signer is None


def test_signer_from_the_digital_signature_stamp():
    stamp = "Ký bởi: Nguyễn Thị Mai\nThời gian ký: 12.05.2025 10:15:00 +07:00"
    assert signer_from_stamp(stamp) == "Nguyễn Thị Mai"
    assert signer_from_stamp("Ký bởi: Ủy ban Nhân dân tỉnh Quảng Trị") is None
    body = OCR_DIRECTIVE  # a scan whose signature block was not read
    assert extract_metadata(body, "ct.pdf", stamp_text=stamp).signer == "Nguyễn Thị Mai"
    assert extract_metadata(body, "ct.pdf").signer is None


def test_names_are_people_with_known_family_names():
    text = DECISION.replace("Lê Thị Hoa", "Prẫn Phước Hiền")  # OCR read "Trần" as "Prẫn"
    meta = extract_metadata(text, "qd.pdf")
    assert meta.signer is None
    assert meta.signer_capacity == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (["UBND TỈNH QUẢNG NGÃI", "SỞ CÔNG THƯƠNG"], "Sở Công Thương tỉnh Quảng Ngãi"),
        (["ỦY BAN NHÂN DÂN TỈNH LÀO CAI"], "UBND tỉnh Lào Cai"),
        (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], "UBND tỉnh Lào Cai"),
        (["BỘ CÔNG THƯƠNG"], "Bộ Công Thương"),
        (["CHÍNH PHỦ"], "Chính phủ"),
        (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ"),
        (["UBND TỈNH LÀO CAI", "VĂN PHÒNG"], "Văn phòng UBND tỉnh Lào Cai"),
        (["UBND TỈNH LÀO CAI", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Sở Nông nghiệp và Môi trường tỉnh Lào Cai"),
        (["BỘ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"], "Bộ Nông nghiệp và Môi trường"),
        (["BỘ CÔNG THƯƠNG CỤC HÓA CHẤT"], "Cục Hóa chất - Bộ Công Thương"),
        (["UBND TỈNH LÀO CAI", "BAN QUẢN LÝ KHU KINH TẾ"], "Ban Quản lý Khu kinh tế tỉnh Lào Cai"),
        (["SỞ CÔNG THƯƠNG LÀO CAI", "ĐOÀN KIỂM TRA"], "Đoàn kiểm tra - Sở Công Thương tỉnh Lào Cai"),
        (["BỘ CÔNG AN - BỘ QUỐC PHÒNG -", "BỘ Y TẾ"], "Bộ Công an - Bộ Quốc phòng - Bộ Y tế"),
        (["UBND THÀNH PHỐ HÀ NỘI", "SỞ XÂY DỰNG"], "Sở Xây dựng thành phố Hà Nội"),
        (["CÔNG TY ……….", "PHÒNG KỸ THUẬT"], None),
        (["VĂN PHÒNG"], None),
    ],
)
def test_issuer_in_readable_form(lines, issuer):
    assert format_issuer(lines) == issuer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 04 tháng 4 năm 2023", "2023-04-04"),
        ("ngày tháng 4 năm 2026", "2026-04"),
        ("ngày   tháng   năm 2026", "2026"),
        ("ngày 7 tháng 4năm 2026", "2026-04-07"),
        ("ngày 31 tháng 2 năm 2026", "2026-02"),  # no such day: the month is still right
        ("ngày 2# thángØf năm 2021", "2021"),
        ("04/4/2023", "2023-04-04"),
        ("HÀ NỘI, THÁNG 03 NĂM 2026", "2026-03"),
        ("không có ngày", None),
    ],
)
def test_vietnamese_dates(text, expected):
    assert parse_vietnamese_date(text) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a/TB-1894_9.4.2026_Ket-qua.docx", "2026-04-09"),
        ("a/CV-5141-SNNMT-KS-29-12-2025-thong-ke.txt", "2025-12-29"),
        ("a/2025.06.19-38.2025.TT.BCT-Sua-doi.doc", "2025-06-19"),
        ("a/QD_T4.2026_Cong-nhan.docx", "2026-04"),
        ("a/CV-UBND-KT_giao_truoc-15.9.2025.docx", None),  # a deadline, not the document's date
        ("a/TT-34-2026-TT-BXD.docx", None),
        ("a/01 TTr.signed_20250513_144607.pdf", None),  # the signing time stamp
    ],
)
def test_dates_in_file_names(path, expected):
    assert date_from_filename(path) == expected


def test_place_date_without_comma_and_a_date_in_the_header_only():
    text = "BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 2101/CT-CS Hà Nội ngày 03 tháng 2 năm 2026\nV/V chính sách thuế\n"
    meta = extract_metadata(text, "x.pdf")
    assert (meta.place, meta.date, meta.number) == ("Hà Nội", "2026-02-03", "2101/CT-CS")
    assert meta.issuer == "Cục Thuế - Bộ Tài chính"


# --- Kính gửi: whom a document is addressed to (not its "Nơi nhận" copy list), on real DOCX and text PDF files

HEADER_LEFT = ["UBND TỈNH HÒA BÌNH XANH", "SỞ CÔNG THƯƠNG", "Số: 45/SCT-KTAT"]
THREE_ADDRESSEES = (
    "Ủy ban nhân dân tỉnh Hòa Bình Xanh",
    "Sở Tài chính",
    "Ủy ban nhân dân các huyện, thị xã, thành phố trên địa bàn tỉnh",
)
LIST_UNDER = [
    "Kính gửi:",
    "- Ủy ban nhân dân tỉnh Hòa Bình Xanh;",
    "- Sở Tài chính;",
    "- Ủy ban nhân dân các huyện, thị xã, thành phố trên địa bàn tỉnh.",
]
LIST_INLINE = [
    "Kính gửi: - Ủy ban nhân dân tỉnh Hòa Bình Xanh; - Sở Tài chính; - Ủy ban nhân dân các huyện, thị xã, "
    "thành phố trên địa bàn tỉnh."
]
BODY = [
    "Thực hiện Kế hoạch số 77/KH-SCT ngày 02/4/2025, Sở Công Thương báo cáo kết quả kiểm tra như sau:",
    "1. Các đơn vị cơ bản chấp hành quy định về an toàn điện.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT, KTAT.",
    "GIÁM ĐỐC",
    "Trần Văn Bình",
]
OPENINGS = {
    "one": (["Kính gửi: Bộ Công Thương"], ("Bộ Công Thương",)),
    "three under": (LIST_UNDER, THREE_ADDRESSEES),
    "three inline": (LIST_INLINE, THREE_ADDRESSEES),
    "none": ([], ()),
}


def _letter_lines(opening: list[str]) -> list[str]:
    return ["V/v kết quả kiểm tra an toàn điện", *opening, *BODY]


@pytest.mark.parametrize("shape", list(OPENINGS))
def test_addressees_of_a_docx(tmp_path, shape):
    from index.loaders import load_document
    from index.ocr import OcrConfig
    from tests.data.fixtures import SAMPLE_HEADER_RIGHT, make_docx

    opening, expected = OPENINGS[shape]
    path = make_docx(tmp_path / "cv.docx", _letter_lines(opening), header_block=(HEADER_LEFT, SAMPLE_HEADER_RIGHT))
    loaded = load_document(path, tmp_path, OcrConfig(enabled=False))
    meta = extract_metadata(loaded.text, loaded.path)
    assert meta.addressees == expected
    assert meta.recipients == ("Như trên", "Lưu: VT, KTAT")  # the copy list stays apart
    assert meta.subject == "V/v kết quả kiểm tra an toàn điện"


@pytest.mark.parametrize("shape", list(OPENINGS))
def test_addressees_of_a_text_pdf(tmp_path, shape):
    from index.loaders import load_document
    from index.ocr import OcrConfig
    from tests.data.fixtures import SAMPLE_HEADER_RIGHT, make_text_pdf

    opening, expected = OPENINGS[shape]
    lines = [*HEADER_LEFT, *SAMPLE_HEADER_RIGHT, *_letter_lines(opening)]
    path = make_text_pdf(tmp_path / "cv.pdf", ["\n".join(lines)], running_header=None)
    loaded = load_document(path, tmp_path, OcrConfig(enabled=False))
    meta = extract_metadata(loaded.text, loaded.path)
    assert meta.addressees == expected
    assert meta.recipients == ("Như trên", "Lưu: VT, KTAT")


def test_a_certificate_signs_after_its_date_line_before_a_long_annex():
    annex = "\n".join(f"TT: {i}; Tên nhóm sản phẩm: Nhóm hàng số {i}" for i in range(1, 60))
    text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nGIẤY CHỨNG NHẬN\n"
        "CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM\nSỞ CÔNG THƯƠNG TỈNH HÀ GIANG\nChứng nhận\n"
        "Cơ sở: Cửa hàng Minh An\nĐịa chỉ: Thôn Nà Pồng, xã Phương Thiện.\n"
        "Hà Giang, ngày 12 tháng 6 năm 2026\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐỗ Thành Công\n"
        "DANH MỤC NHÓM SẢN PHẨM\n" + annex
    )
    meta = extract_metadata(text, "giay-chung-nhan.docx")
    assert (meta.signer, meta.signer_capacity) == ("Đỗ Thành Công", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
