"""Write a small demo archive of fictional Vietnamese administrative documents for a fresh clone to index.

Usage: python scripts/make_demo_archive.py TARGET_DIR

Seven documents of an invented "Sở Công Thương tỉnh Vân Mộng", shaped like the real ones the assistant is
built for: header block (issuing body left, national motto right, "Số: 45/BC-SCT", place and date), title and
trích yếu, headings "I." / "1." / "1.1." / "a)", figures, a data table, citations of other documents (two
cite the same Quyết định, several cite each other), abbreviations defined in the text, signer block and
"Nơi nhận:".
Formats: two PDFs with a text layer, three DOCX (one with a header table and a data table, one draft whose
number is blank in the header and given only in the file name, one with a Vietnamese file name with spaces),
one image-only scanned PDF that needs OCR, and one TXT.

Every document says "TÀI LIỆU MẪU - HƯ CẤU": the province, people and figures are invented. The output is the
same byte for byte on every run (fixed dates in the PDF and DOCX metadata, fixed ZIP timestamps), so running
the script again does not make an incremental ingest re-index anything.
"""

from __future__ import annotations

import argparse
import functools
import io
import logging
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger("make_demo_archive")

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

# One fixed instant for every metadata date, so the bytes do not change from run to run.
FIXED_DATE = datetime(2025, 5, 6, 8, 0, 0, tzinfo=UTC)
ZIP_DATE = (2025, 5, 6, 8, 0, 0)

PROVINCE = "Vân Mộng"
ISSUER = ("UBND TỈNH VÂN MỘNG", "SỞ CÔNG THƯƠNG")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FICTION_NOTE = (
    "TÀI LIỆU MẪU - HƯ CẤU: tỉnh Vân Mộng, các cơ quan, con người và số liệu trong văn bản này đều do dự án "
    "tự đặt ra để chạy thử, không phải văn bản thật."
)
SCAN_DPI = 200


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or a table of the document body."""

    kind: str  # "heading" | "para" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def h(text: str) -> Block:
    return Block("heading", _nfc(text))


def p(text: str) -> Block:
    return Block("para", _nfc(text))


def table(*rows: tuple[str, ...]) -> Block:
    return Block("table", rows=tuple(tuple(_nfc(c) for c in row) for row in rows))


@dataclass(frozen=True)
class DemoDoc:
    """One demo document: its header fields, body and signature, rendered to any of the four formats."""

    path: str  # relative to the archive root
    number_line: str  # "Số: 45/BC-SCT", or a draft's "Số:      /TB-SCT"
    date_line: str
    doc_type: str | None  # "BÁO CÁO"; None for a công văn, whose trích yếu sits under the number
    subject: tuple[str, ...]
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signer_capacity: tuple[str, ...] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    signer: str = "Nguyễn Văn Demo"
    pages_hint: int = 1
    extra_header: tuple[str, ...] = field(default_factory=tuple)  # "Kính gửi: ..." lines of a công văn

    @property
    def header_left(self) -> tuple[str, ...]:
        lines = (*ISSUER, self.number_line)
        return lines if self.doc_type else (*lines, *self.subject)

    @property
    def header_right(self) -> tuple[str, ...]:
        return (*MOTTO, "", self.date_line)

    @property
    def title(self) -> tuple[str, ...]:
        return (self.doc_type, *self.subject) if self.doc_type else ()


def demo_documents() -> tuple[DemoDoc, ...]:
    """The seven fictional documents of the demo archive, in the order they are written."""
    return (_bao_cao_quy_1(), _ke_hoach_ccn(), _bao_cao_xnk(), _cong_van_binh_on(), _thong_bao_scan(),
            _bao_cao_txt(), _thong_bao_draft())  # fmt: skip


def _bao_cao_quy_1() -> DemoDoc:
    return DemoDoc(
        path="bao-cao/BC_45-BC-SCT_04.4.2025_Bao-cao-tinh-hinh-quy-I-2025.pdf",
        number_line="Số: 45/BC-SCT",
        date_line=f"{PROVINCE}, ngày 04 tháng 4 năm 2025",
        doc_type="BÁO CÁO",
        subject=(
            "Tình hình sản xuất công nghiệp, hoạt động thương mại quý I",
            "và nhiệm vụ trọng tâm quý II năm 2025",
        ),
        pages_hint=2,
        blocks=(
            p(
                "Thực hiện Quyết định số 2417/QĐ-UBND ngày 15/01/2025 của UBND tỉnh về ban hành Kế hoạch "
                "phát triển công nghiệp và thương mại tỉnh Vân Mộng năm 2025, Sở Công Thương báo cáo tình "
                "hình sản xuất công nghiệp, hoạt động thương mại quý I và nhiệm vụ trọng tâm quý II năm 2025 "
                "như sau:"
            ),
            h("I. TÌNH HÌNH SẢN XUẤT CÔNG NGHIỆP, HOẠT ĐỘNG THƯƠNG MẠI QUÝ I NĂM 2025"),
            h("1. Sản xuất công nghiệp"),
            h("1.1. Chỉ số sản xuất công nghiệp"),
            p(
                "Chỉ số sản xuất công nghiệp (IIP) tháng 3/2025 tăng 4,15% so với tháng trước. Tính chung "
                "quý I năm 2025, IIP tăng 6,72% so với cùng kỳ năm 2024; trong đó công nghiệp chế biến, chế "
                "tạo tăng 7,94%, sản xuất và phân phối điện tăng 3,08%, khai khoáng giảm 2,61% do một số mỏ "
                "đá tạm dừng khai thác để gia hạn giấy phép."
            ),
            h("1.2. Sản phẩm công nghiệp chủ yếu"),
            p(
                "Một số sản phẩm tăng so với cùng kỳ: tinh bột sắn ước đạt 18.420 tấn, tăng 5,2%; dăm gỗ "
                "nguyên liệu giấy ước đạt 212.600 tấn, tăng 3,7%; quần áo may sẵn ước đạt 4.180 nghìn cái, "
                "tăng 9,4%; điện thương phẩm ước đạt 356 triệu kWh, tăng 6,1%. Sản phẩm giảm: đá xây dựng "
                "ước đạt 96 nghìn m³, giảm 11,3%."
            ),
            h("1.3. Cụm công nghiệp"),
            p(
                "Toàn tỉnh có 9 cụm công nghiệp (CCN) đã thành lập với tổng diện tích 486,5 ha; tỷ lệ lấp "
                "đầy bình quân đạt 61,3%. Trong quý I, các CCN thu hút thêm 3 dự án với tổng vốn đăng ký "
                "142,8 tỷ đồng. Dự án hệ thống xử lý nước thải tập trung CCN Đồng Sen đang được đẩy nhanh "
                "tiến độ theo Kế hoạch số 112/KH-SCT ngày 20/02/2025 của Sở Công Thương."
            ),
            h("2. Hoạt động thương mại"),
            h("2.1. Thị trường và tổng mức bán lẻ hàng hóa"),
            p(
                "Thị trường hàng hóa thiết yếu trong dịp Tết Nguyên đán ổn định, nguồn cung dồi dào, không "
                "xảy ra tình trạng khan hàng, sốt giá. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu "
                "dùng quý I ước đạt 9.215,7 tỷ đồng, đạt 24,6% kế hoạch năm (KH: 37.460 tỷ đồng), tăng 8,9% "
                "so với cùng kỳ năm 2024."
            ),
            h("2.2. Xuất, nhập khẩu"),
            p(
                "a) Xuất khẩu: kim ngạch xuất khẩu quý I ước đạt 318,4 triệu USD, đạt 26,5% kế hoạch năm "
                "(KH: 1.200 triệu USD), tăng 12,8% so với cùng kỳ năm 2024. Mặt hàng chủ lực: dăm gỗ nguyên "
                "liệu giấy ước đạt 64,9 triệu USD; hàng dệt may ước đạt 57,2 triệu USD; tinh bột sắn ước đạt "
                "41,3 triệu USD."
            ),
            p(
                "b) Nhập khẩu: kim ngạch nhập khẩu quý I ước đạt 276,5 triệu USD, tăng 4,3% so với cùng kỳ; "
                "chủ yếu là máy móc, thiết bị và nguyên liệu cho ngành dệt may."
            ),
            h("2.3. Kiểm tra, kiểm soát thị trường"),
            p(
                "Các đoàn kiểm tra liên ngành đã kiểm tra 126 vụ, phát hiện và xử lý 41 vụ vi phạm, thu nộp "
                "ngân sách 387,5 triệu đồng; chi tiết tại Báo cáo số 51/BC-SCT ngày 10/4/2025 của Sở Công "
                "Thương."
            ),
            h("3. Đánh giá chung"),
            p(
                "Sản xuất công nghiệp và hoạt động thương mại quý I tiếp tục tăng trưởng khá. Tuy nhiên, đơn "
                "hàng xuất khẩu của ngành dệt may chưa ổn định; tiến độ đầu tư hạ tầng một số CCN còn chậm "
                "do vướng mắc bồi thường, giải phóng mặt bằng."
            ),
            h("II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2025"),
            p(
                "1. Tiếp tục triển khai Kế hoạch số 112/KH-SCT ngày 20/02/2025 về phát triển cụm công "
                "nghiệp; phối hợp với UBND các huyện tháo gỡ vướng mắc về mặt bằng tại CCN Bến Lau."
            ),
            p(
                "2. Theo dõi sát diễn biến thị trường, bảo đảm cung ứng hàng hóa thiết yếu; tổ chức 2 hội "
                "chợ hàng Việt về nông thôn."
            ),
            p(
                "3. Hỗ trợ doanh nghiệp tìm kiếm thị trường xuất khẩu mới, phấn đấu kim ngạch xuất khẩu 6 "
                "tháng đạt trên 650 triệu USD."
            ),
            h("III. KIẾN NGHỊ, ĐỀ XUẤT"),
            p(
                "Đề nghị UBND tỉnh chỉ đạo các sở, ngành liên quan phối hợp đẩy nhanh thủ tục đất đai cho "
                "các dự án hạ tầng CCN."
            ),
            p(
                "Trên đây là báo cáo tình hình sản xuất công nghiệp, hoạt động thương mại quý I và nhiệm vụ "
                "trọng tâm quý II năm 2025, Sở Công Thương kính báo cáo UBND tỉnh./."
            ),
        ),
        recipients=(
            "- UBND tỉnh (b/c);",
            "- Bộ Công Thương (b/c);",
            "- Cục Thống kê tỉnh;",
            "- Giám đốc, các PGĐ Sở;",
            "- Lưu: VT, KHTC.",
        ),
    )


def _ke_hoach_ccn() -> DemoDoc:
    return DemoDoc(
        path="bao-cao/KH_112-KH-SCT_20.2.2025_Ke-hoach-phat-trien-CCN-2025.pdf",
        number_line="Số: 112/KH-SCT",
        date_line=f"{PROVINCE}, ngày 20 tháng 02 năm 2025",
        doc_type="KẾ HOẠCH",
        subject=("Phát triển cụm công nghiệp trên địa bàn tỉnh năm 2025",),
        signer_capacity=("GIÁM ĐỐC",),
        signer="Trần Thị Mẫu",
        blocks=(
            p(
                "Căn cứ Quyết định số 2417/QĐ-UBND ngày 15/01/2025 của UBND tỉnh về ban hành Kế hoạch phát "
                "triển công nghiệp và thương mại tỉnh Vân Mộng năm 2025, Sở Công Thương xây dựng Kế hoạch "
                "phát triển cụm công nghiệp (CCN) năm 2025 như sau:"
            ),
            h("I. MỤC ĐÍCH, YÊU CẦU"),
            h("1. Mục đích"),
            p(
                "Huy động các nguồn lực đầu tư hạ tầng kỹ thuật các CCN, thu hút dự án sản xuất công nghiệp, "
                "tạo việc làm cho lao động nông thôn."
            ),
            h("2. Yêu cầu"),
            p("Các nhiệm vụ phải cụ thể, có thời hạn hoàn thành và đơn vị chịu trách nhiệm."),
            h("II. HIỆN TRẠNG CÁC CỤM CÔNG NGHIỆP"),
            p(
                "Đến ngày 31/12/2024, toàn tỉnh có 9 CCN với tổng diện tích 486,5 ha, trong đó 6 CCN đã đi "
                "vào hoạt động; tỷ lệ lấp đầy bình quân đạt 58,9%. Mới có 2 CCN có hệ thống xử lý nước thải "
                "tập trung."
            ),
            h("III. NHIỆM VỤ VÀ GIẢI PHÁP"),
            h("1. Hoàn thiện hạ tầng kỹ thuật"),
            p(
                "a) Đầu tư hệ thống xử lý nước thải tập trung CCN Đồng Sen, tổng vốn 35,8 tỷ đồng, hoàn "
                "thành trước ngày 30/6/2025."
            ),
            p("b) Hoàn thành bồi thường, giải phóng mặt bằng phần diện tích còn lại 12,4 ha của CCN Bến Lau."),
            h("2. Thu hút đầu tư"),
            p(
                "Phấn đấu thu hút ít nhất 12 dự án mới vào các CCN, nâng tỷ lệ lấp đầy bình quân lên 65% vào "
                "cuối năm 2025."
            ),
            h("IV. TỔ CHỨC THỰC HIỆN"),
            p(
                "Phòng Quản lý công nghiệp (QLCN) chủ trì theo dõi, đôn đốc thực hiện Kế hoạch; định kỳ hằng "
                "quý tổng hợp, báo cáo Giám đốc Sở kết quả thực hiện."
            ),
        ),
        recipients=("- UBND tỉnh (b/c);", "- UBND các huyện, thị xã, thành phố;", "- Lưu: VT, QLCN."),
    )


def _bao_cao_xnk() -> DemoDoc:
    return DemoDoc(
        path="bao-cao/BC_58-BC-SCT_06.5.2025_Xuat-nhap-khau-thang-4.docx",
        number_line="Số: 58/BC-SCT",
        date_line=f"{PROVINCE}, ngày 06 tháng 5 năm 2025",
        doc_type="BÁO CÁO",
        subject=("Tình hình xuất, nhập khẩu tháng 4 và 4 tháng đầu năm 2025",),
        blocks=(
            p(
                "Tiếp theo Báo cáo số 45/BC-SCT ngày 04/4/2025 của Sở Công Thương về tình hình sản xuất công "
                "nghiệp, hoạt động thương mại quý I năm 2025, Sở Công Thương báo cáo tình hình xuất, nhập "
                "khẩu tháng 4 năm 2025 như sau:"
            ),
            h("I. XUẤT KHẨU"),
            p(
                "Kim ngạch xuất khẩu tháng 4 ước đạt 111,7 triệu USD, tăng 6,2% so với tháng trước. Lũy kế 4 "
                "tháng ước đạt 430,1 triệu USD, đạt 35,8% kế hoạch năm, tăng 13,4% so với cùng kỳ năm 2024."
            ),
            p("Bảng 1. Kim ngạch xuất khẩu một số mặt hàng chủ lực (triệu USD)"),
            table(
                ("TT", "Mặt hàng", "Tháng 4/2025", "4 tháng 2025", "So cùng kỳ (%)"),
                ("1", "Dăm gỗ nguyên liệu giấy", "21,7", "86,6", "+8,1"),
                ("2", "Hàng dệt may", "19,6", "76,8", "+15,2"),
                ("3", "Tinh bột sắn", "14,2", "55,5", "+11,7"),
                ("4", "Thủy sản chế biến", "8,9", "33,0", "-3,4"),
                ("5", "Mặt hàng khác", "47,3", "178,2", "+17,9"),
                ("", "Tổng cộng", "111,7", "430,1", "+13,4"),
            ),
            h("II. NHẬP KHẨU"),
            p(
                "Kim ngạch nhập khẩu tháng 4 ước đạt 95,4 triệu USD; lũy kế 4 tháng ước đạt 371,9 triệu USD, "
                "tăng 5,1% so với cùng kỳ, chủ yếu là máy móc, thiết bị và nguyên liệu dệt may."
            ),
            h("III. GIẢI PHÁP THÚC ĐẨY XUẤT KHẨU"),
            p(
                "1. Phối hợp với Hiệp hội doanh nghiệp tỉnh tổ chức hội nghị kết nối xuất khẩu (KNXK) trong "
                "tháng 6/2025."
            ),
            p("2. Hướng dẫn doanh nghiệp tận dụng ưu đãi thuế quan của các hiệp định thương mại tự do (FTA)."),
        ),
        recipients=("- UBND tỉnh (b/c);", "- Bộ Công Thương (b/c);", "- Lưu: VT, QLTM."),
    )


def _cong_van_binh_on() -> DemoDoc:
    return DemoDoc(
        path="cong-van/Công văn 310 về bình ổn thị trường hàng hóa.docx",
        number_line="Số: 310/SCT-QLTM",
        date_line=f"{PROVINCE}, ngày 12 tháng 3 năm 2025",
        doc_type=None,
        subject=("V/v bảo đảm cung ứng hàng hóa thiết yếu,", "bình ổn thị trường"),
        extra_header=(
            "Kính gửi:",
            "- Các doanh nghiệp phân phối, bán lẻ trên địa bàn tỉnh;",
            "- Phòng Kinh tế các huyện, thị xã, thành phố.",
        ),
        blocks=(
            p(
                "Thực hiện Chỉ thị số 07/CT-UBND ngày 03/3/2025 của UBND tỉnh về tăng cường quản lý thị "
                "trường, bình ổn giá cả, Sở Công Thương đề nghị các đơn vị thực hiện một số nội dung sau:"
            ),
            p(
                "1. Duy trì mức dự trữ tối thiểu 1.250 tấn gạo, 380 tấn thịt các loại và 2.100 m³ xăng dầu "
                "tại các kho trên địa bàn tỉnh; không để xảy ra tình trạng thiếu hàng."
            ),
            p(
                "2. Niêm yết giá và bán theo giá niêm yết; tham gia chương trình bình ổn thị trường với mức "
                "giá bán thấp hơn giá thị trường từ 5% đến 10%."
            ),
            p(
                "3. Báo cáo lượng hàng dự trữ, giá bán về Sở Công Thương (qua Phòng Quản lý thương mại "
                "(QLTM)) trước ngày 25 hằng tháng."
            ),
            p("Sở Công Thương đề nghị các đơn vị quan tâm phối hợp thực hiện./."),
        ),
        recipients=("- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, QLTM."),
    )


def _thong_bao_scan() -> DemoDoc:
    return DemoDoc(
        path="thong-bao/TB_87-TB-SCT_25.3.2025_Ket-luan-hop-CCN_scan.pdf",
        number_line="Số: 87/TB-SCT",
        date_line=f"{PROVINCE}, ngày 25 tháng 3 năm 2025",
        doc_type="THÔNG BÁO",
        subject=(
            "Kết luận của Giám đốc Sở Công Thương tại cuộc họp",
            "về tiến độ đầu tư hạ tầng cụm công nghiệp",
        ),
        signer_capacity=("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
        signer="Lê Văn Thử",
        blocks=(
            p(
                "Ngày 21/3/2025, Giám đốc Sở Công Thương chủ trì cuộc họp về tiến độ thực hiện Kế hoạch số "
                "112/KH-SCT ngày 20/02/2025 của Sở Công Thương. Sau khi nghe báo cáo và ý kiến của các đơn "
                "vị, Giám đốc Sở kết luận như sau:"
            ),
            p(
                "1. Dự án hệ thống xử lý nước thải CCN Đồng Sen (tổng vốn 35,8 tỷ đồng) mới giải ngân 9,6 tỷ "
                "đồng, đạt 26,8%. Yêu cầu chủ đầu tư tăng ca thi công, hoàn thành trước ngày 30/6/2025."
            ),
            p("2. CCN Bến Lau: phối hợp với UBND huyện hoàn thành bồi thường 12,4 ha còn lại trong tháng 4/2025."),
            p("3. Giao Phòng Quản lý công nghiệp theo dõi, báo cáo kết quả về Giám đốc Sở trước ngày 15/4/2025."),
            p("Văn phòng Sở thông báo để các đơn vị biết, thực hiện./."),
        ),
        recipients=("- Giám đốc, các PGĐ Sở;", "- Phòng QLCN;", "- Lưu: VT."),
    )


def _bao_cao_txt() -> DemoDoc:
    return DemoDoc(
        path="bao-cao/BC_51-BC-SCT_10.4.2025_Ket-qua-kiem-tra-thi-truong.txt",
        number_line="Số: 51/BC-SCT",
        date_line=f"{PROVINCE}, ngày 10 tháng 4 năm 2025",
        doc_type="BÁO CÁO",
        subject=("Kết quả kiểm tra, kiểm soát thị trường quý I năm 2025",),
        blocks=(
            p(
                "Thực hiện Chỉ thị số 07/CT-UBND ngày 03/3/2025 của UBND tỉnh về tăng cường quản lý thị "
                "trường, bình ổn giá cả và Công văn số 310/SCT-QLTM ngày 12/3/2025 của Sở Công Thương, Sở "
                "Công Thương báo cáo kết quả kiểm tra, kiểm soát thị trường quý I năm 2025 như sau:"
            ),
            h("I. KẾT QUẢ KIỂM TRA"),
            p(
                "Các đoàn kiểm tra liên ngành (ĐKTLN) đã kiểm tra 126 vụ, phát hiện và xử lý 41 vụ vi phạm; "
                "thu nộp ngân sách 387,5 triệu đồng; tiêu hủy hàng giả, hàng không rõ nguồn gốc trị giá 52,3 "
                "triệu đồng."
            ),
            p(
                "Vi phạm chủ yếu: không niêm yết giá (17 vụ), kinh doanh hàng không rõ nguồn gốc (15 vụ), vi "
                "phạm về nhãn hàng hóa (9 vụ)."
            ),
            h("II. NHIỆM VỤ QUÝ II NĂM 2025"),
            p(
                "Tăng cường kiểm tra mặt hàng phân bón, xăng dầu và thực phẩm; phối hợp với công an tỉnh xử "
                "lý các đường dây buôn lậu."
            ),
            p("Sở Công Thương kính báo cáo UBND tỉnh./."),
        ),
        recipients=("- UBND tỉnh (b/c);", "- Lưu: VT, QLTM."),
    )


def _thong_bao_draft() -> DemoDoc:
    # A draft before registration: number and day are blank in the header; only the file name has "TB-245".
    return DemoDoc(
        path="thong-bao/TB-245_12.3.2025_Thong-bao-lich-kiem-tra-an-toan-dien.docx",
        number_line="Số:      /TB-SCT",
        date_line=f"{PROVINCE}, ngày      tháng 3 năm 2025",
        doc_type="THÔNG BÁO",
        subject=("Lịch kiểm tra an toàn điện tại các cụm công nghiệp năm 2025",),
        blocks=(
            p(
                "Thực hiện Kế hoạch số 112/KH-SCT ngày 20/02/2025 của Sở Công Thương về phát triển cụm công "
                "nghiệp năm 2025, Sở Công Thương thông báo lịch kiểm tra an toàn điện như sau:"
            ),
            p("1. Thời gian: từ ngày 17/3/2025 đến ngày 28/3/2025."),
            p("2. Đơn vị được kiểm tra: 14 doanh nghiệp đang hoạt động tại CCN Đồng Sen và CCN Bến Lau."),
            p(
                "3. Thành phần đoàn: Phòng Kỹ thuật an toàn - Môi trường (KTAT-MT), Điện lực Vân Mộng và "
                "UBND huyện sở tại."
            ),
            p("Đề nghị các doanh nghiệp chuẩn bị hồ sơ an toàn điện và bố trí người làm việc với đoàn./."),
        ),
        recipients=("- Các doanh nghiệp có tên trong lịch;", "- Điện lực Vân Mộng;", "- Lưu: VT, KTAT-MT."),
    )


# --- PDF with a text layer ----------------------------------------------------------------------------------

# Which lines of each header column are bold: "SỞ CÔNG THƯƠNG" on the left, the national motto on the right.
LEFT_BOLD, RIGHT_BOLD = {1}, {0, 1}


class DemoPDF(FPDF):
    """A4 in DejaVu Sans, with the fiction note and page number in the footer of every page."""

    def __init__(self, *, text_layer: bool = True) -> None:
        super().__init__(format="A4", unit="mm")
        self.text_layer = text_layer
        self.set_creation_date(FIXED_DATE)
        self.set_margins(25, 20, 20)
        self.set_auto_page_break(auto=text_layer, margin=22)
        if text_layer:  # a scan carries no fonts at all, as a scanner's PDF does not
            self.add_font("DejaVu", "", str(FONT_REGULAR))
            self.add_font("DejaVu", "B", str(FONT_BOLD))

    def footer(self) -> None:
        if not self.text_layer:
            return
        self.set_y(-16)
        self.set_font("DejaVu", "", 7.5)
        self.multi_cell(0, 3.5, f"{FICTION_NOTE} Trang {self.page_no()}", align="C")

    def line_at(self, x: float, width: float, height: float, text: str, *, bold: bool, size: float,
                align: str = "C") -> None:  # fmt: skip
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_x(x)
        self.cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as an A4 PDF with a real text layer."""
    pdf = DemoPDF()
    pdf.set_title(doc.title[1] if doc.title else doc.subject[0])
    pdf.set_author(" - ".join(ISSUER))
    pdf.add_page()

    # Header block: issuing body and number on the left, motto and date on the right, drawn column by column.
    top = pdf.get_y()
    for x, width, lines, bold_lines in (
        (15, 80, doc.header_left, LEFT_BOLD),
        (95, 105, doc.header_right, RIGHT_BOLD),
    ):
        pdf.set_y(top)
        for i, line in enumerate(lines):
            pdf.line_at(x, width, 5.5, line, bold=i in bold_lines, size=11)
    pdf.set_y(top + 5.5 * max(len(doc.header_left), len(doc.header_right)) + 6)

    for line in doc.extra_header:
        pdf.line_at(25, 165, 6, line, bold=False, size=11, align="C" if line == "Kính gửi:" else "L")
    for i, line in enumerate(doc.title):
        pdf.line_at(25, 165, 6.5, line, bold=True, size=13 if i == 0 else 11.5)
    pdf.ln(4)

    for block in doc.blocks:
        if block.kind == "table":
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(text_align="CENTER", line_height=5.5) as grid:
                for row in block.rows:
                    grid.row(row)
            pdf.ln(2)
            continue
        heading = block.kind == "heading"
        pdf.set_font("DejaVu", "B" if heading else "", 11)
        pdf.multi_cell(0, 6, block.text, align="L" if heading else "J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)

    _pdf_signature(pdf, doc)
    pdf.output(str(path))


def _pdf_signature(pdf: DemoPDF, doc: DemoDoc) -> None:
    """ "Nơi nhận:" on the left and the signer on the right, kept together on one page."""
    needed = 10 + 5.5 * max(len(doc.recipients) + 1, len(doc.signer_capacity) + 5)
    if pdf.get_y() + needed > pdf.h - 25:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_y(top)
    pdf.line_at(20, 75, 5, "Nơi nhận:", bold=True, size=9.5, align="L")
    for line in doc.recipients:
        pdf.line_at(20, 75, 4.5, line, bold=False, size=8.5, align="L")
    pdf.set_y(top)
    for line in doc.signer_capacity:
        pdf.line_at(105, 90, 5.5, line, bold=True, size=11)
    pdf.set_y(pdf.get_y() + 22)  # room for the signature and the seal
    pdf.line_at(105, 90, 5.5, doc.signer, bold=True, size=11)


# --- scanned PDF: the page is only an image -----------------------------------------------------------------


def render_scan(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as a scanned page: text drawn on a 200-dpi grayscale image, in a PDF with no text layer."""
    pdf = DemoPDF(text_layer=False)
    pdf.add_page()
    pdf.image(_scan_image(doc), x=0, y=0, w=210, h=297)
    pdf.output(str(path))


def _px(mm: float) -> int:
    return round(mm / 25.4 * SCAN_DPI)


def _scan_image(doc: DemoDoc) -> Image.Image:
    width, height = _px(210), _px(297)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    # About 12 pt at 200 dpi: large enough for Tesseract to read the diacritics reliably.
    body = ImageFont.truetype(str(FONT_REGULAR), 33)
    bold = ImageFont.truetype(str(FONT_BOLD), 33)
    small = ImageFont.truetype(str(FONT_REGULAR), 26)
    small_bold = ImageFont.truetype(str(FONT_BOLD), 26)
    ink, line_gap = 25, 50

    def centered(text: str, center_x: int, y: int, font: ImageFont.FreeTypeFont) -> None:
        draw.text((center_x - draw.textlength(text, font=font) / 2, y), text, fill=ink, font=font)

    top = _px(18)
    for center_x, lines, bold_lines in (
        (_px(55), doc.header_left, LEFT_BOLD),
        (_px(140), doc.header_right, RIGHT_BOLD),
    ):
        for i, line in enumerate(lines):
            centered(line, center_x, top + i * line_gap, bold if i in bold_lines else body)
    y = top + line_gap * (max(len(doc.header_left), len(doc.header_right)) + 1)
    for line in doc.title:
        centered(line, width // 2, y, bold)
        y += line_gap
    y += line_gap // 2

    left, right = _px(25), width - _px(20)
    for block in doc.blocks:
        font = bold if block.kind == "heading" else body
        text = block.text if block.kind != "table" else "\n".join(" | ".join(r) for r in block.rows)
        for line in _wrap(text, functools.partial(draw.textlength, font=font), right - left):
            draw.text((left, y), line, fill=ink, font=font)
            y += line_gap
        y += line_gap // 3

    y += line_gap // 2
    draw.text((left, y), "Nơi nhận:", fill=ink, font=small_bold)
    for i, line in enumerate(doc.recipients, start=1):
        draw.text((left, y + i * 38), line, fill=ink, font=small)
    for i, line in enumerate(doc.signer_capacity):
        centered(line, _px(150), y + i * line_gap, bold)
    centered(doc.signer, _px(150), y + (len(doc.signer_capacity) + 3) * line_gap, bold)

    note_y = height - _px(20)
    for i, line in enumerate(_wrap(FICTION_NOTE, functools.partial(draw.textlength, font=small), right - left)):
        centered(line, width // 2, note_y + i * 36, small)
    return image


def _wrap(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """Greedy word wrap by rendered width; newlines in `text` are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and measure(candidate) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


# --- DOCX ---------------------------------------------------------------------------------------------------


def render_docx(doc: DemoDoc, path: Path, *, header_table: bool) -> None:
    """Write `doc` as DOCX; with `header_table` the header block is a 2-column table, as Word templates do."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def para(
        text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None, size: float | None = None
    ) -> None:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    if header_table:
        left, right = doc.header_left, doc.header_right
        grid = document.add_table(rows=2, cols=2)
        # Row 1: issuing body | motto; row 2: number | place and date (the blank spacer line is dropped).
        header_cells = ((left[:2], right[:2]), (left[2:], right[3:]))
        for r, row_lines in enumerate(header_cells):
            for c, lines in enumerate(row_lines):
                cell = grid.cell(r, c)
                for i, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    run = paragraph.add_run(line)
                    run.bold = r == 0 and (c == 1 or i == 1)
                    run.font.size = Pt(12)
                    paragraph.alignment = center
    else:
        for line in doc.header_left:
            para(line, bold=line == ISSUER[1], align=center, size=12)
        for line in doc.header_right:
            if line:
                para(line, bold=line in MOTTO, align=center, size=12)

    for line in doc.extra_header:
        para(line, align=center if line == "Kính gửi:" else None)
    for line in doc.title:
        para(line, bold=True, align=center)

    for block in doc.blocks:
        if block.kind == "table":
            grid = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = grid.cell(r, c)
                    run = cell.paragraphs[0].add_run(value)
                    run.bold = r == 0 or row[1] == "Tổng cộng"
                    run.font.size = Pt(11)
            continue
        para(block.text, bold=block.kind == "heading", align=None if block.kind == "heading" else justify)

    signature = document.add_table(rows=1, cols=2)
    recipients_cell, signer_cell = signature.cell(0, 0), signature.cell(0, 1)
    recipients_cell.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in doc.recipients:
        recipients_cell.add_paragraph().add_run(line).font.size = Pt(11)
    for i, line in enumerate((*doc.signer_capacity, "", "", doc.signer)):
        paragraph = signer_cell.paragraphs[0] if i == 0 else signer_cell.add_paragraph()
        paragraph.add_run(line).bold = True
        paragraph.alignment = center

    para(FICTION_NOTE, size=9)

    props = document.core_properties
    props.author = "Sở Công Thương tỉnh Vân Mộng (hư cấu)"
    props.last_modified_by = "make_demo_archive"
    props.title = doc.title[1] if doc.title else doc.subject[0]
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps: python-docx stamps each member with the current time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# --- TXT ----------------------------------------------------------------------------------------------------


def render_txt(doc: DemoDoc, path: Path) -> None:
    """Write `doc` as UTF-8 text, the two header columns side by side as a text export of a PDF shows them."""
    left, right = doc.header_left, doc.header_right
    lines = [f"{a:<34}{b}".rstrip() for a, b in zip(left + ("",) * (len(right) - len(left)), right, strict=True)]
    lines += ["", *doc.title, ""]
    for block in doc.blocks:
        if block.kind == "table":
            lines += [" | ".join(row) for row in block.rows]
        else:
            lines.append(block.text)
        lines.append("")
    lines += ["Nơi nhận:", *doc.recipients, "", *doc.signer_capacity, "", "", doc.signer, "", FICTION_NOTE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the archive --------------------------------------------------------------------------------------------


def write_demo_archive(target: Path) -> list[Path]:
    """Write the demo archive under `target` (created if needed); return the files written, in order."""
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.is_file():
            msg = f"font not found: {font} (Debian package fonts-dejavu-core; run `make install`)"
            raise FileNotFoundError(msg)
    written: list[Path] = []
    for doc in demo_documents():
        path = target / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".txt":
            render_txt(doc, path)
        elif path.suffix == ".docx":
            # The Vietnamese-named công văn uses plain paragraphs for its header, the others a header table.
            render_docx(doc, path, header_table=doc.doc_type is not None)
        elif path.stem.endswith("_scan"):
            render_scan(doc, path)
        else:
            render_pdf(doc, path)
        log.info("wrote %s", path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", metavar="TARGET_DIR", type=Path, help="folder to write the demo archive into")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)  # our progress only: fontTools logs every subsetting step at INFO
    files = write_demo_archive(args.target)
    log.info("%d demo documents in %s", len(files), args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
