"""A fictional archive organised by work area (two topic folders under a source folder) with a flat folder beside
them, for the tests of areas and their pages. Every fact the tests expect is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.factory import ingest_archive
from assistant.settings import Settings
from tests.assistant.conftest import write_archive
from tests.conftest import HashEmbeddings

_HEAD = """UBND TỈNH HÒA BÌNH XANH
SỞ CÔNG THƯƠNG
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình Xanh, ngày {day} tháng {month} năm 2030
"""

AREAS_DOCS = {
    "so-ct-lao-cai/hc-vn/van-ban-goc/ND-88-2030.txt": """CHÍNH PHỦ
Số: 88/2030/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 05 tháng 01 năm 2030
NGHỊ ĐỊNH
Quy định chi tiết về quản lý hóa chất
Điều 2. Giải thích từ ngữ
Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:
1. Hóa chất nguy hiểm là hóa chất có một hoặc một số đặc tính nguy hiểm theo Hệ thống hài hòa toàn cầu.
2. Sự cố hóa chất (SCHC) là tình trạng cháy, nổ, rò rỉ, phát tán hóa chất gây hại cho người.
Điều 9. Báo cáo
Định kỳ hằng năm, trước ngày 15 tháng 12, tổ chức hoạt động hóa chất báo cáo gửi Sở Công Thương tình hình hoạt động hóa chất.
Điều 30. Hiệu lực thi hành
Nghị định này thay thế Nghị định số 12/2020/NĐ-CP ngày 10/02/2020 của Chính phủ quy định về hóa chất.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Lê Văn Chính
""",
    "so-ct-lao-cai/hc-vn/vi-du/KH-501 kiem tra hoa chat.txt": _HEAD.format(number="501/KH-SCT", day="02", month="3")
    + """KẾ HOẠCH
Kiểm tra việc chấp hành pháp luật về hóa chất năm 2030
Căn cứ Nghị định số 88/2030/NĐ-CP ngày 05/01/2030 của Chính phủ quy định chi tiết về quản lý hóa chất;
Sở Công Thương xây dựng kế hoạch kiểm tra hóa chất tại 05 doanh nghiệp trên địa bàn tỉnh.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn Kiểm
""",
    "so-ct-lao-cai/hc-vn/vi-du/QD-520 doan kiem tra.txt": _HEAD.format(number="520/QĐ-SCT", day="10", month="3")
    + """QUYẾT ĐỊNH
Về việc thành lập Đoàn kiểm tra hóa chất
GIÁM ĐỐC SỞ CÔNG THƯƠNG
Căn cứ Nghị định số 88/2030/NĐ-CP ngày 05/01/2030 của Chính phủ quy định chi tiết về quản lý hóa chất;
Căn cứ Kế hoạch số 501/KH-SCT ngày 02/3/2030 của Sở Công Thương về kiểm tra hóa chất;
Điều 1. Thành lập Đoàn kiểm tra việc chấp hành pháp luật về hóa chất.
GIÁM ĐỐC
Trần Văn Quyết
""",
    "so-ct-lao-cai/hc-vn/vi-du/BC-560 ket qua kiem tra.txt": _HEAD.format(number="560/BC-SCT", day="30", month="3")
    + """BÁO CÁO
Kết quả kiểm tra hóa chất năm 2030
Thực hiện Quyết định số 520/QĐ-SCT ngày 10/3/2030 của Giám đốc Sở Công Thương, Đoàn đã kiểm tra 05 doanh nghiệp.
Các doanh nghiệp đã xây dựng kế hoạch phòng ngừa sự cố hóa chất (SCHC) theo Nghị định số 88/2030/NĐ-CP.
Đề nghị các doanh nghiệp báo cáo định kỳ 6 tháng gửi về Sở Công Thương trước ngày 05 tháng 7.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn Kiểm
""",
    "so-ct-lao-cai/vlncn-vn/van-ban-goc/TT-05-2030.txt": """BỘ CÔNG THƯƠNG
Số: 05/2030/TT-BCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 20 tháng 01 năm 2030
THÔNG TƯ
Quy định về quản lý vật liệu nổ công nghiệp
Thông tư này quy định về quản lý vật liệu nổ công nghiệp (VLNCN) trên toàn quốc.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Phạm Văn Nổ
""",
    "so-ct-lao-cai/vlncn-vn/vi-du/CV-610 kho vlncn.txt": _HEAD.format(number="610/SCT-KTAT", day="12", month="4")
    + """V/v kiểm tra kho vật liệu nổ công nghiệp
Kính gửi: Công ty Mỏ Đá Xanh
Căn cứ Thông tư số 05/2030/TT-BCT ngày 20/01/2030 của Bộ Công Thương về quản lý vật liệu nổ công nghiệp;
Sở Công Thương đề nghị Công ty chuẩn bị hồ sơ kho vật liệu nổ công nghiệp để kiểm tra.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn Kiểm
""",
    "ubnd-lao-cai/TB-31 thi dua.txt": _HEAD.format(number="31/TB-SCT", day="15", month="5")
    + """THÔNG BÁO
Kết quả bình xét thi đua, khen thưởng năm 2029
Hội đồng thi đua đã bình xét danh hiệu cho 12 tập thể.
GIÁM ĐỐC
Trần Văn Quyết
""",
    "ubnd-lao-cai/KH-44 thi dua.txt": _HEAD.format(number="44/KH-SCT", day="20", month="5")
    + """KẾ HOẠCH
Tổ chức phong trào thi đua yêu nước năm 2030
Phát động phong trào thi đua trong toàn ngành Công Thương.
GIÁM ĐỐC
Trần Văn Quyết
""",
}


def write_areas_archive(root: Path) -> Path:
    """The foldered archive above, written as TXT files under `root`."""
    for rel, text in AREAS_DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def index_archive(base: Path, write: Callable[[Path], Path] = write_areas_archive) -> Settings:
    """An archive written by `write` under `base`/kho, really ingested into `base`/data/index (hash embedder)."""
    write(base / "kho")
    settings = Settings(data_dir=base / "data", index_dir=base / "data/index", cache_dir=base / "cache", ocr=False)
    ingest_archive(settings, base / "kho", HashEmbeddings())
    return settings


__all__ = ["AREAS_DOCS", "index_archive", "write_archive", "write_areas_archive"]
