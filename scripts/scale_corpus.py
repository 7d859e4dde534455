"""A synthetic archive for scripts/bench_scale.py: documents of made-up bodies, chunked, with their metadata.

Every sentence comes from templates written here (no archive text is copied); numbers have the shapes real
documents carry ("1389/QĐ-UBND", "45/2026/NĐ-CP", "112/KH-SCT", "4280/SCT-QLCN"), dates spread over 2015-2026,
issuers over ten provinces and a few ministries, and each document has 10-100 chunks. The same seed gives the same
documents, chunk for chunk, so a second pass (filling a Chroma server) sees what the first one indexed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from assistant.vietnamese import fold
from index.embedding import NamedEmbeddings
from index.records import Chunk, DocMeta

PROVINCES = (
    "Quảng Ngãi",
    "Lào Cai",
    "Bình Định",
    "Nghệ An",
    "Thái Nguyên",
    "Đắk Lắk",
    "Hà Tĩnh",
    "Cần Thơ",
    "Phú Thọ",
    "Kon Tum",
)
# (issuer, the issuer's part of a number); "{p}" is a province
LOCAL_BODIES = (
    ("Ủy ban nhân dân tỉnh {p}", "UBND"),
    ("Sở Công Thương tỉnh {p}", "SCT"),
    ("Sở Tài chính tỉnh {p}", "STC"),
    ("Sở Kế hoạch và Đầu tư tỉnh {p}", "SKHĐT"),
)
CENTRAL_BODIES = (("Bộ Công Thương", "BCT"), ("Chính phủ", "CP"), ("Thủ tướng Chính phủ", "TTg"))
# (type, its part of a number, whether the number carries the year, weight)
TYPES = (
    ("Báo cáo", "BC", False, 30),
    ("Quyết định", "QĐ", False, 15),
    ("Kế hoạch", "KH", False, 12),
    ("Thông báo", "TB", False, 10),
    ("Công văn", "", False, 20),
    ("Tờ trình", "TTr", False, 5),
    ("Chỉ thị", "CT", False, 3),
    ("Nghị định", "NĐ", True, 2),
    ("Thông tư", "TT", True, 3),
)
SECTORS = (
    "sản xuất công nghiệp",
    "xuất khẩu",
    "nhập khẩu",
    "bán lẻ hàng hóa",
    "cụm công nghiệp",
    "điện năng",
    "thương mại điện tử",
    "khuyến công",
    "an toàn thực phẩm",
    "xúc tiến thương mại",
    "xăng dầu",
    "năng lượng tái tạo",
    "vật liệu nổ công nghiệp",
    "chợ và siêu thị",
    "hóa chất",
)
PERIODS = ("tháng {m}", "quý {q}", "6 tháng", "9 tháng")
UNITS = ("triệu USD", "tỷ đồng", "nghìn tấn", "triệu kWh", "doanh nghiệp", "cơ sở")
PLACES = ("Đồng Sen", "Bình Long", "Tịnh Phong", "Sa Pa", "Bát Xát", "Quy Nhơn", "Cửa Lò", "Sông Công", "Buôn Hồ")
FIRM_SYLLABLES = ("Hòa", "Phát", "Minh", "Long", "Thành", "An", "Tân", "Việt", "Hưng", "Phú", "Sơn", "Đông", "Nam")
VERBS = ("đạt", "ước đạt", "tăng", "giảm", "thực hiện")
HEADINGS = (
    ("I. TÌNH HÌNH THỰC HIỆN", ("1. Kết quả đạt được", "2. Tồn tại, hạn chế")),
    ("II. NHIỆM VỤ, GIẢI PHÁP", ("1. Nhiệm vụ trọng tâm", "2. Giải pháp chủ yếu")),
    ("III. TỔ CHỨC THỰC HIỆN", ("1. Phân công nhiệm vụ", "2. Chế độ báo cáo")),
    ("IV. KIẾN NGHỊ, ĐỀ XUẤT", ("1. Đối với Bộ Công Thương", "2. Đối với Ủy ban nhân dân tỉnh")),
)
SENTENCES = (
    "Kim ngạch {sector} {period} năm {year} {verb} {figure} triệu USD, tăng {pct}% so với cùng kỳ năm trước.",
    "Chỉ số {sector} {period} năm {year} trên địa bàn tỉnh {province} {verb} {pct}% so với cùng kỳ.",
    "Toàn tỉnh hiện có {count} {unit} hoạt động trong lĩnh vực {sector}, tập trung tại {place}.",
    "Thực hiện {cited}, Sở đã chủ trì phối hợp với các đơn vị liên quan triển khai {sector} tại {place}.",
    "Công ty TNHH {firm} đã hoàn thành đầu tư hạ tầng cụm công nghiệp {place} với tổng vốn {figure} tỷ đồng.",
    "Đề nghị Ủy ban nhân dân các huyện, thị xã tăng cường kiểm tra {sector}, báo cáo kết quả trước ngày {day}.",
    "Trong {period} năm {year}, đã tổ chức {count} đoàn kiểm tra về {sector}, phát hiện {small} vụ vi phạm.",
    "Giao Phòng Quản lý công nghiệp theo dõi, đôn đốc việc thực hiện {sector} theo {cited}.",
    "Kế hoạch năm {year} đặt mục tiêu {sector} đạt {figure} {unit}, phấn đấu tăng {pct}% so với năm trước.",
    "Các dự án {sector} tại {place} còn chậm tiến độ do vướng mắc giải phóng mặt bằng và nguồn vốn.",
    "Sở kiến nghị Bộ Công Thương sớm hướng dẫn thi hành {cited} về {sector}.",
    "Kinh phí thực hiện từ nguồn ngân sách tỉnh năm {year} là {figure} tỷ đồng, giao Sở Tài chính thẩm định.",
)


@dataclass(frozen=True)
class SyntheticDocument:
    """One file of the synthetic archive: where it lies, what its header says, and its chunks."""

    path: str
    meta: DocMeta
    chunks: tuple[Chunk, ...]

    def text(self) -> str:
        """The file's text: a header block the metadata rules can read, then its passages."""
        m = self.meta
        y, mo, d = (m.date or "2020-01-01").split("-")
        header = [
            (m.issuer or "").upper(),
            f"Số: {m.number}",
            f"{m.place}, ngày {int(d)} tháng {int(mo)} năm {y}",
            (m.doc_type or "").upper(),
            m.subject or "",
            "",
        ]
        return "\n".join(header) + "\n\n".join(c.text for c in self.chunks) + "\n"


def documents(total_chunks: int, seed: int = 0, prefix: str = "") -> Iterator[SyntheticDocument]:
    """Documents of 10-100 chunks until `total_chunks` chunks in all (the last one cut to fit)."""
    rng = random.Random(seed)
    left, serial = total_chunks, 0
    while left > 0:
        size = min(left, _chunk_count(rng))
        yield make_document(rng, serial, size, prefix)
        left -= size
        serial += 1


def make_document(rng: random.Random, serial: int, chunks: int, prefix: str = "") -> SyntheticDocument:
    """One document of `chunks` chunks, drawn from `rng`."""
    doc_type, type_code, with_year, _ = rng.choices(TYPES, weights=[t[3] for t in TYPES])[0]
    province = rng.choice(PROVINCES)
    if with_year or rng.random() < 0.1:
        issuer, issuer_code = rng.choice(CENTRAL_BODIES)
        place = "Hà Nội"
    else:
        template, issuer_code = rng.choice(LOCAL_BODIES)
        issuer, place = template.format(p=province), province
    year = rng.randint(2015, 2026)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    number = _number(rng, type_code, issuer_code, year, with_year)
    sector = rng.choice(SECTORS)
    subject = _subject(rng, doc_type, sector, year, province)
    folder = f"{prefix}{year}/{_ascii(issuer_code)}"
    path = f"{folder}/{serial:07d}_{_ascii(number.replace('/', '-'))}.txt"
    meta = DocMeta(
        path=path,
        number=number,
        number_source="header",
        doc_type=doc_type,
        date=date,
        place=place,
        issuer=issuer,
        subject=subject,
        signer=f"Nguyễn Văn {rng.choice(FIRM_SYLLABLES)}",
        pages=max(1, chunks // 2),
    )
    body = [_chunk(rng, path, i, sector, year, province) for i in range(chunks)]
    return SyntheticDocument(path, meta, tuple(body))


def questions(rng: random.Random, numbers: list[tuple[str, str]], count: int = 50) -> list[str]:
    """Questions as staff ask them: a figure for a period, with and without diacritics, and a document by number
    (`numbers`: (type, number) pairs of indexed documents)."""
    asked: list[str] = []
    while len(asked) < count:
        sector, year, province = rng.choice(SECTORS), rng.randint(2015, 2026), rng.choice(PROVINCES)
        kind = len(asked) % 4
        if kind == 0:
            asked.append(f"Kim ngạch {sector} {_period(rng)} năm {year} đạt bao nhiêu?")
        elif kind == 1:
            asked.append(_ascii_vi(f"tinh hinh {sector} cua tinh {province} nam {year}"))
        elif kind == 2 and numbers:
            doc_type, number = rng.choice(numbers)
            asked.append(f"{doc_type} {number} giao nhiệm vụ gì?")
        else:
            asked.append(f"Có bao nhiêu doanh nghiệp {sector} tại {rng.choice(PLACES)}?")
    return asked


# -- parts ---------------------------------------------------------------------------------------------------------
def _chunk_count(rng: random.Random) -> int:
    # most documents are short reports, a few are long plans: 10-100, median about 30
    return min(100, max(10, int(rng.lognormvariate(3.4, 0.6))))


def _number(rng: random.Random, type_code: str, issuer_code: str, year: int, with_year: bool) -> str:
    if not type_code:  # công văn: number / issuer - its department
        return f"{rng.randint(1, 5000)}/{issuer_code}-{rng.choice(('QLCN', 'QLTM', 'VP', 'KHTC'))}"
    if with_year:
        return f"{rng.randint(1, 300)}/{year}/{type_code}-{issuer_code}"
    return f"{rng.randint(1, 3000)}/{type_code}-{issuer_code}"


def _subject(rng: random.Random, doc_type: str, sector: str, year: int, province: str) -> str:
    if doc_type == "Báo cáo":
        return f"Tình hình {sector} {_period(rng)} năm {year}"
    if doc_type == "Kế hoạch":
        return f"Kế hoạch phát triển {sector} giai đoạn {year}-{year + 5}"
    return f"Về việc triển khai {sector} trên địa bàn tỉnh {province}"


def _chunk(rng: random.Random, path: str, ordinal: int, sector: str, year: int, province: str) -> Chunk:
    section, subsections = HEADINGS[min(ordinal * len(HEADINGS) // 40, len(HEADINGS) - 1)]
    heading = (section, rng.choice(subsections))
    sentences = [_sentence(rng, sector, year, province) for _ in range(rng.randint(3, 7))]
    page = ordinal // 2 + 1
    return Chunk(path, ordinal, " ".join(sentences), heading, page, page, ((0, page),))


def _sentence(rng: random.Random, sector: str, year: int, province: str) -> str:
    return rng.choice(SENTENCES).format(
        sector=sector if rng.random() < 0.7 else rng.choice(SECTORS),
        period=_period(rng),
        year=year,
        verb=rng.choice(VERBS),
        figure=f"{rng.randint(1, 2000)},{rng.randint(0, 9)}",
        unit=rng.choice(UNITS),
        pct=f"{rng.randint(0, 40)},{rng.randint(0, 9)}",
        count=rng.randint(2, 400),
        small=rng.randint(0, 30),
        province=province,
        place=rng.choice(PLACES),
        firm=" ".join(rng.sample(FIRM_SYLLABLES, 2)),
        day=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
        cited=_citation(rng, year, province),
    )


def _citation(rng: random.Random, year: int, province: str) -> str:
    doc_type, code, with_year, _ = rng.choices(TYPES[:4] + TYPES[7:], weights=[30, 15, 12, 10, 2, 3])[0]
    issuer, issuer_code = ("Bộ Công Thương", "BCT") if with_year else (f"Ủy ban nhân dân tỉnh {province}", "UBND")
    number = _number(rng, code, issuer_code, year - 1, with_year)
    return f"{doc_type} số {number} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year - 1} của {issuer}"


def _period(rng: random.Random) -> str:
    return rng.choice(PERIODS).format(m=rng.randint(1, 12), q=rng.choice(("I", "II", "III", "IV")))


def _ascii(text: str) -> str:
    return _ascii_vi(text).replace(" ", "-")


def _ascii_vi(text: str) -> str:
    return fold(text)


class RandomUnitEmbeddings(NamedEmbeddings):
    """A random unit vector per text, the same for the same text: the real dimension, none of the meaning."""

    name = "bench-random-unit-384"
    dimension = 384

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        vector = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
        return (vector / np.linalg.norm(vector)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
