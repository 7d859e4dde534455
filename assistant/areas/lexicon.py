"""A short hand-written list of the work areas of a provincial department and the words that name them, for the
documents of an archive that has no folder per area: a subject is matched to the area whose words it holds."""

from __future__ import annotations

from assistant.vietnamese import fold

# (area name, words that mark it: folded phrases, the longer the more telling)
WORK_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Vật liệu nổ công nghiệp", ("vat lieu no", "vlncn", "tien chat thuoc no", "no min")),
    ("Hóa chất", ("hoa chat",)),
    ("Hàng hóa nguy hiểm", ("hang hoa nguy hiem", "hang nguy hiem")),
    ("Khu, cụm công nghiệp", ("cum cong nghiep", "khu cong nghiep", "ccn", "kcn")),
    ("Khoáng sản", ("khoang san", "mo khoang", "khai thac mo")),
    ("An toàn điện, năng lượng", ("an toan dien", "dien luc", "nang luong", "thuy dien", "dien mat troi")),
    ("Xuất nhập khẩu", ("xuat khau", "nhap khau", "xuat, nhap khau", "xuat nhap khau")),
    ("Thương mại, thị trường", ("thi truong", "thuong mai", "hang hoa thiet yeu", "binh on", "gia ca")),
    ("Sản xuất công nghiệp", ("san xuat cong nghiep", "chi so san xuat")),
    ("An toàn thực phẩm", ("an toan thuc pham",)),
    ("Phòng cháy, chữa cháy", ("phong chay", "chua chay", "pccc")),
    ("Xây dựng, quy hoạch", ("xay dung", "quy hoach", "thiet ke")),
    ("Thuế, tài chính, ngân sách", ("thue", "hoa don", "ngan sach", "du toan", "tai chinh")),
    ("Tổ chức, cán bộ", ("mien nhiem", "bo nhiem", "can bo", "to chuc bo may", "chuc danh")),
    ("Thi đua, khen thưởng", ("thi dua", "khen thuong")),
    ("Khiếu nại, tố cáo", ("khieu nai", "to cao")),
    ("Phòng, chống tham nhũng", ("tham nhung", "tieu cuc")),
    ("Cải cách hành chính", ("thu tuc hanh chinh", "cai cach hanh chinh", "tthc")),
    ("Giao thông", ("giao thong", "cau duong", "duong bo")),
    ("Giáo dục", ("giao duc", "ky thi", "truong hoc")),
    ("Đất đai", ("dat dai", "quyen su dung dat", "giao dat")),
    ("Văn hóa, xã hội", ("van hoa", "le tang", "dan toc", "ton giao", "tet")),
    ("Chuyển đổi số", ("chuyen doi so", "cong nghe thong tin", "dien tu")),
)
GENERAL_AREA = "Công tác chung"


def best_work_area(subject: str, body: str = "") -> str | None:
    """The work area whose words the subject holds most (the body only breaks a tie or fills an empty subject)."""
    subject_words, body_words = f" {fold(subject)} ", f" {fold(body)} "
    best: tuple[float, str] | None = None
    for name, phrases in WORK_AREAS:
        score: float = sum(3 * len(p) for p in phrases if f" {p}" in subject_words)
        score += sum(len(p) * min(body_words.count(f" {p}"), 3) / 3 for p in phrases)
        if score and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else None
