"""Structure-aware chunking on small fictional Vietnamese documents of each shape the archive holds."""

from __future__ import annotations

import re
import time

import pytest

from index.chunking import CONTEXT_MAX_CHARS, chunk_document, chunk_text_for_embedding
from index.chunking.outline import HEADING_MAX_CHARS
from index.chunking.packing import TAIL_MERGE_FACTOR
from index.chunking.sentences import TABLE_ROW_SPLIT_FACTOR
from index.records import Chunk, Page

REPORT = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
BÁO CÁO
Tình hình sản xuất công nghiệp và thương mại quý I năm 2099
I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ
1. Lĩnh vực công nghiệp
1.1. Chỉ số sản xuất công nghiệp
Chỉ số sản xuất công nghiệp quý I năm 2099 của tỉnh Hòa Bình Xanh ước tăng 7,5% so với cùng kỳ năm trước. \
Trong đó ngành chế biến, chế tạo tăng 8,1%; ngành sản xuất và phân phối điện tăng 6,3%.
1.2. Sản phẩm chủ yếu
- Một số sản phẩm tăng so với cùng kỳ: gạch nung ước đạt 88.275 ngàn viên, tăng 2%; đá xây dựng ước đạt 304 \
ngàn m³, tăng 0,8%.
- Một số sản phẩm giảm so với cùng kỳ: thủy sản chế biến ước đạt 2.772 tấn, giảm 5,9%.
2. Lĩnh vực thương mại
2.1. Thị trường trong nước
Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng quý I ước đạt 14.486 tỷ đồng, tăng 4,8% so với \
cùng kỳ. Giá cả các mặt hàng thiết yếu ổn định, không xảy ra tình trạng khan hiếm hàng hóa.
2.3. Xuất - nhập khẩu
a) Xuất khẩu:
- Kim ngạch xuất khẩu quý I ước đạt 402,6 triệu USD, đạt 28,8% kế hoạch năm, tăng 44,3% so với cùng kỳ.
- Mặt hàng tăng mạnh gồm thép xây dựng, giày da, sợi dệt và linh kiện điện tử các loại.
b) Nhập khẩu
Kim ngạch nhập khẩu quý I ước đạt 512,3 triệu USD, tăng 21% so với cùng kỳ, chủ yếu là máy móc, thiết bị và \
nguyên liệu phục vụ sản xuất.
II. NHIỆM VỤ TRỌNG TÂM QUÝ II
1. Tập trung tháo gỡ khó khăn cho doanh nghiệp trong các cụm công nghiệp.
2. Đẩy mạnh xúc tiến thương mại, mở rộng thị trường xuất khẩu cho nông sản của tỉnh.
Nơi nhận:
- Bộ Công Thương;
- Lưu: VT."""

LEGAL = """NGHỊ ĐỊNH
QUY ĐỊNH VỀ QUẢN LÝ CHỢ PHIÊN VÙNG CAO
Căn cứ Luật Tổ chức Chính phủ ngày 01 tháng 01 năm 2098;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc quản lý, tổ chức và khai thác chợ phiên ở các xã vùng cao.
Điều 2. Giải thích từ ngữ
1. Chợ phiên là chợ họp theo ngày cố định trong tháng âm lịch.
2. Ban quản lý chợ là tổ chức do Ủy ban nhân dân cấp xã thành lập.
Chương II
TỔ CHỨC THỰC HIỆN
Mục 1. TRÁCH NHIỆM CỦA CÁC CƠ QUAN
Điều 5. Trách nhiệm của Sở Công Thương
1. Sở Công Thương có trách nhiệm sau đây:
a) Hướng dẫn Ban quản lý chợ xây dựng nội quy chợ phiên;
b) Kiểm tra định kỳ việc chấp hành nội quy chợ phiên tại các xã.
2. Báo cáo Ủy ban nhân dân tỉnh kết quả kiểm tra trước ngày 15 tháng 12 hằng năm.
Điều 6. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày ký."""


def chunk_texts(chunks: list[Chunk]) -> list[str]:
    return [c.text for c in chunks]


def holding(chunks: list[Chunk], needle: str) -> Chunk:
    found = [c for c in chunks if needle in c.text]
    assert len(found) == 1, f"{needle!r} is in {len(found)} chunks"
    return found[0]


def words(text: str) -> list[str]:
    return text.split()


def assert_reproduces(chunks: list[Chunk], pages: list[Page]) -> None:
    """Every word of the input, in order, exactly once: nothing lost, nothing repeated, but for the line a chunk
    opening mid-sentence repeats from the chunk before (chunking.lines.carry_cut_lines)."""
    texts = chunk_texts(chunks)
    for index in range(1, len(texts)):
        last = texts[index - 1].rsplit("\n", 1)[-1]
        if texts[index].startswith(last + "\n"):
            texts[index] = texts[index][len(last) + 1 :]
    assert words(" ".join(texts)) == words(" ".join(p.text for p in pages))


# --- heading paths


def test_report_heading_paths_follow_the_numbering() -> None:
    chunks = chunk_document([Page(1, REPORT)], "bc.docx", max_chars=300, min_chars=80)

    assert holding(chunks, "ngàn viên").heading_path == (
        "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
        "1. Lĩnh vực công nghiệp",
        "1.2. Sản phẩm chủ yếu",
    )
    assert holding(chunks, "512,3 triệu USD").heading_path == (
        "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
        "2. Lĩnh vực thương mại",
        "2.3. Xuất - nhập khẩu",
        "b) Nhập khẩu",
    )
    # "2.3." closes "2.1." (a new heading at a level pops the deeper ones); "a) Xuất khẩu:" is a heading.
    assert holding(chunks, "402,6 triệu USD").heading_path == (
        "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
        "2. Lĩnh vực thương mại",
        "2.3. Xuất - nhập khẩu",
        "a) Xuất khẩu",
    )
    # a chunk that opens with its headings has the path of the text under them
    first = holding(chunks, "Hòa Bình Xanh")
    assert first.text.startswith("I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ\n1. Lĩnh vực công nghiệp\n")
    assert first.heading_path == (
        "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
        "1. Lĩnh vực công nghiệp",
        "1.1. Chỉ số sản xuất công nghiệp",
    )


def test_numbered_sentences_are_not_headings() -> None:
    chunks = chunk_document([Page(1, REPORT)], "bc.docx", max_chars=300, min_chars=80)

    tasks = holding(chunks, "Tập trung tháo gỡ")
    assert tasks.heading_path == ("II. NHIỆM VỤ TRỌNG TÂM QUÝ II",)
    assert not any(h.startswith(("1. Tập trung", "2. Đẩy mạnh")) for c in chunks for h in c.heading_path)
    # the header block before the first heading has no path, and a bullet list item is never a heading
    assert chunks[0].heading_path == ()
    assert not any(h.startswith("Một số sản phẩm") for c in chunks for h in c.heading_path)


def test_legal_text_chapters_sections_articles_clauses_points() -> None:
    chunks = chunk_document([Page(1, LEGAL)], "nd.docx", max_chars=220, min_chars=60)

    assert holding(chunks, "Hướng dẫn Ban quản lý").heading_path == (
        "Chương II. TỔ CHỨC THỰC HIỆN",
        "Mục 1. TRÁCH NHIỆM CỦA CÁC CƠ QUAN",
        "Điều 5. Trách nhiệm của Sở Công Thương",
        "1. Sở Công Thương có trách nhiệm sau đây",
    )
    # a bare "Chương I" takes its title from the next line; khoản that are sentences stay out of the path
    definitions = holding(chunks, "Chợ phiên là chợ")
    assert definitions.heading_path[0] == "Chương I. QUY ĐỊNH CHUNG"
    assert not any(h.startswith("1. Chợ phiên") for h in definitions.heading_path)
    # a clause that is a sentence still closes the clause heading before it
    assert holding(chunks, "kết quả kiểm tra trước ngày 15").heading_path == (
        "Chương II. TỔ CHỨC THỰC HIỆN",
        "Mục 1. TRÁCH NHIỆM CỦA CÁC CƠ QUAN",
        "Điều 5. Trách nhiệm của Sở Công Thương",
    )
    # "Điều 6" pops "Điều 5" and its clauses but stays inside Chương II / Mục 1
    assert holding(chunks, "có hiệu lực thi hành kể từ ngày ký").heading_path == (
        "Chương II. TỔ CHỨC THỰC HIỆN",
        "Mục 1. TRÁCH NHIỆM CỦA CÁC CƠ QUAN",
        "Điều 6. Hiệu lực thi hành",
    )


def test_a_title_closed_by_a_period_heads_the_text_after_it() -> None:
    text = (
        "I . Đặc điểm khu vực khai thác.\n"
        "2.1. Vị trí địa lý.\n"
        "Mỏ đá nằm cách trung tâm xã Đồng Sương khoảng 10 km về phía Tây Bắc, gần quốc lộ 99.\n"
        "2.2. Các căn cứ.\n"
        "- Luật Khoáng sản của nước Cộng hòa Xã hội chủ nghĩa Việt Nam năm 2098.\n"
        "II . Đối tượng tham gia.\n"
        "1. Người quản lý mỏ.\n"
        "2. Người chỉ huy nổ mìn.\n"
    )
    chunks = chunk_document([Page(1, text)], "pa.docx", max_chars=120, min_chars=30)

    assert holding(chunks, "Đồng Sương").heading_path == (
        "I. Đặc điểm khu vực khai thác",
        "2.1. Vị trí địa lý",
    )
    assert holding(chunks, "Luật Khoáng sản").heading_path == (
        "I. Đặc điểm khu vực khai thác",
        "2.2. Các căn cứ",
    )
    # sibling items closed by a period form a list, not headings
    assert holding(chunks, "Người chỉ huy nổ mìn").heading_path == ("II. Đối tượng tham gia",)


def test_report_parts_star_subheadings_and_bullet_headings() -> None:
    text = (
        "PHẦN THỨ NHẤT\n"
        "KẾT QUẢ CÔNG TÁC NĂM 2099\n"
        "* Công tác thanh tra, kiểm tra\n"
        "- Kiểm tra 12 cơ sở kinh doanh xăng dầu trên địa bàn, xử phạt 02 cơ sở vi phạm.\n"
        "- Kết quả xử lý vi phạm:\n"
        "+ Phạt tiền 40 triệu đồng đối với 02 cơ sở bán xăng dầu không niêm yết giá.\n"
        "* Công tác tổ chức, hành chính\n"
        "- Kiện toàn bộ máy các phòng chuyên môn theo đề án đã được phê duyệt.\n"
        "PHẦN THỨ HAI\n"
        "NHIỆM VỤ NĂM 2100\n"
        "Tiếp tục rà soát các thủ tục hành chính thuộc thẩm quyền giải quyết của Sở.\n"
    )
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=160, min_chars=40)

    part_one = "PHẦN THỨ NHẤT. KẾT QUẢ CÔNG TÁC NĂM 2099"
    assert holding(chunks, "40 triệu đồng").heading_path == (
        part_one,
        "Công tác thanh tra, kiểm tra",
        "Kết quả xử lý vi phạm",
    )
    assert holding(chunks, "Kiện toàn bộ máy").heading_path == (part_one, "Công tác tổ chức, hành chính")
    assert holding(chunks, "Tiếp tục rà soát").heading_path == ("PHẦN THỨ HAI. NHIỆM VỤ NĂM 2100",)


def test_wrapped_all_caps_heading_is_joined_and_long_headings_are_shortened() -> None:
    long_title = "I. " + " ".join(["ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN"] * 4)
    text = (
        "II. TÌNH HÌNH SẢN XUẤT CÔNG NGHIỆP, HOẠT ĐỘNG THƯƠNG MẠI\n"
        "QUÝ I NĂM 2099\n"
        "Sản xuất công nghiệp tiếp tục phục hồi, nhiều doanh nghiệp đã có đơn hàng đến hết quý III.\n"
        f"{long_title}\n"
        "Kế hoạch năm đạt phần lớn các chỉ tiêu chủ yếu do Hội đồng nhân dân tỉnh giao.\n"
    )
    chunks = chunk_document([Page(1, text)], "bc.pdf", max_chars=300, min_chars=50)

    assert chunks[0].heading_path == ("II. TÌNH HÌNH SẢN XUẤT CÔNG NGHIỆP, HOẠT ĐỘNG THƯƠNG MẠI QUÝ I NĂM 2099",)
    (shortened,) = holding(chunks, "Kế hoạch năm đạt").heading_path
    assert len(long_title) > HEADING_MAX_CHARS >= len(shortened)
    assert shortened.endswith("…") and long_title.startswith(shortened[:-1])


# --- boundaries and sizes


def test_sections_start_their_own_chunks_and_headings_are_never_left_at_a_chunk_end() -> None:
    body_a = " ".join(["Doanh nghiệp trong cụm công nghiệp phục hồi sản xuất sau mùa mưa bão."] * 6)
    body_b = " ".join(["Các chợ nông thôn được cải tạo, hàng hóa lưu thông thông suốt dịp cuối năm."] * 6)
    text = f"1. Công nghiệp\n{body_a}\n2. Thương mại\n{body_b}"
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=1000, min_chars=200)

    assert len(text) < 1000  # everything would fit in one chunk, yet each section gets its own
    assert [c.text for c in chunks] == [f"1. Công nghiệp\n{body_a}", f"2. Thương mại\n{body_b}"]

    # Below min_chars a heading does not force a break, but a full chunk carries its last heading forward.
    body_c = " ".join(["Sản lượng điện thương phẩm tăng đều qua các tháng trong năm."] * 8)
    crowded = f"{text}\n3. Năng lượng\n{body_c}"
    chunks = chunk_document([Page(1, crowded)], "bc.docx", max_chars=1000, min_chars=990)
    assert len(crowded) > 1000 > len(text) + len("\n3. Năng lượng")
    assert [c.text for c in chunks] == [text, f"3. Năng lượng\n{body_c}"]


def test_a_heading_with_no_text_of_its_own_stays_with_its_own_part() -> None:
    body = " ".join(["Hồ sơ nộp trực tuyến qua Cổng dịch vụ công của tỉnh trong giờ hành chính."] * 4)
    text = (
        f"PHỤ LỤC I\nDANH MỤC THỦ TỤC\nA. THỦ TỤC CẤP TỈNH\n{body}\nB. THỦ TỤC CẤP XÃ\n"
        f"PHỤ LỤC II\nBIỂU MẪU BÁO CÁO\n{body}"
    )
    chunks = chunk_document([Page(1, text)], "nq.docx", max_chars=1000, min_chars=200)

    assert len(chunks) == 2
    assert chunks[0].text.endswith("\nB. THỦ TỤC CẤP XÃ")
    assert chunks[0].heading_path == ("PHỤ LỤC I. DANH MỤC THỦ TỤC", "A. THỦ TỤC CẤP TỈNH")
    assert chunks[1].text.startswith("PHỤ LỤC II\nBIỂU MẪU BÁO CÁO\n")
    assert chunks[1].heading_path == ("PHỤ LỤC II. BIỂU MẪU BÁO CÁO",)


def test_a_long_paragraph_starts_right_behind_its_headings() -> None:
    sentence = "Các dự án điện gió được đẩy nhanh tiến độ giải phóng mặt bằng và đấu nối lưới điện."
    paragraph = " ".join([sentence] * 30)  # about 2,600 characters
    headings = "Phần thứ nhất\nII. NĂNG LƯỢNG\n2.1. Điện gió và điện mặt trời mái nhà trên địa bàn tỉnh"
    text = f"{headings}\n{paragraph}"
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=1000, min_chars=200)

    # a first piece cut as if for an empty chunk would not fit behind the headings
    assert len(headings) + 1 + len(" ".join([sentence] * 11)) > 1000
    assert chunks[0].text.startswith(f"{headings}\nCác dự án")
    assert all(len(c.text) <= 1000 for c in chunks)
    assert all(c.heading_path[-1].startswith("2.1. Điện gió và") for c in chunks)
    assert_reproduces(chunks, [Page(1, text)])


def test_long_paragraph_is_split_at_sentence_ends_only() -> None:
    sentences = [
        "Sở Công Thương TP. Lào Cai đã kiểm tra 1.939.211 m³ đá xây dựng tại 12 mỏ trong năm 2099.",
        "Kim ngạch xuất khẩu ước đạt 402,6 triệu USD, tăng 44,3% so với cùng kỳ năm trước.",
        "Đoàn do ThS. Nguyễn Văn An làm trưởng đoàn đã làm việc với các hợp tác xã, v.v. Kết quả tốt.",
        "Giá trị sản xuất công nghiệp đạt 15.200,5 tỷ đồng; Ngành chế biến tiếp tục dẫn dắt tăng trưởng.",
        "KT. Giám đốc Sở đã ký ban hành kế hoạch kiểm tra an toàn hóa chất năm 2100 của Sở.",
    ]
    paragraph = " ".join(sentences * 4)

    # One sentence per chunk when two never fit: a cut after "TP.", "ThS.", "v.v." or "KT." would show.
    widest = max(len(s) for s in sentences)
    chunks = chunk_document([Page(1, paragraph)], "bc.docx", max_chars=widest, min_chars=0)
    expected = sentences * 4
    assert chunk_texts(chunks) == expected

    # With room for several, chunks are runs of whole sentences ("; " before a capital ends one too).
    clauses = [part for s in expected for part in re.split(r"(?<=;) (?=N)", s)]
    chunks = chunk_document([Page(1, paragraph)], "bc.docx", max_chars=400, min_chars=100)
    assert len(chunks) > 1
    position = 0
    for chunk in chunks:
        for end in range(position + 1, len(clauses) + 1):
            if " ".join(clauses[position:end]) == chunk.text:
                break
        else:
            pytest.fail(f"not a run of whole sentences: {chunk.text!r}")
        assert len(chunk.text) <= 400 * TAIL_MERGE_FACTOR
        position = end
    assert position == len(clauses)


def test_semicolon_followed_by_a_capital_ends_a_sentence_but_not_before_lowercase() -> None:
    clauses = [f"Khu công nghiệp số {i} thu hút thêm hai dự án; vốn đăng ký đạt {i},5 tỷ đồng" for i in range(20)]
    paragraph = "; ".join(clauses) + "."
    chunks = chunk_document([Page(1, paragraph)], "bc.docx", max_chars=500, min_chars=50)

    assert len(chunks) >= len(paragraph) // 500
    for chunk in chunks:
        assert chunk.text.endswith((";", "."))
        assert all(c in clauses for c in re.split(r"; (?=K)", chunk.text.rstrip(";.")))  # "; v" never splits
        assert len(chunk.text) <= 500 * TAIL_MERGE_FACTOR
    assert_reproduces(chunks, [Page(1, paragraph)])


def test_sentence_longer_than_a_chunk_is_split_between_words() -> None:
    vocabulary = ["hợp", "tác", "xã", "nông", "nghiệp", "công", "nghệ", "cao", "Mường", "Khương", "402,6"]
    sentence_words = [vocabulary[i % len(vocabulary)] + str(i) for i in range(500)]
    sentence = " ".join(sentence_words) + "."
    chunks = chunk_document([Page(1, sentence)], "bc.docx", max_chars=300, min_chars=50)

    assert len(chunks) >= len(sentence) // 300
    assert all(len(c.text) <= 300 for c in chunks)
    assert [w for c in chunks for w in c.text.split(" ")] == sentence.split(" ")  # no word is cut


def test_table_rows_are_never_split_unless_huge() -> None:
    def row(n: int, width: int) -> str:
        return "; ".join(f"Cột {k}: giá trị {n}-{k} " + "x" * width for k in range(10))

    short_rows = [row(n, 5) for n in range(6)]  # about 190 characters each
    wide_row = row(99, 140)  # longer than max_chars, shorter than 3 × max_chars
    text = "\n".join(["Bảng 1. Danh sách cơ sở kinh doanh", *short_rows, wide_row])
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=1000, min_chars=200)

    assert 1000 < len(wide_row) <= TABLE_ROW_SPLIT_FACTOR * 1000
    assert any(c.text == wide_row for c in chunks)  # alone and whole, over the limit
    for r in short_rows:
        holding(chunks, r)  # each row whole inside exactly one chunk

    piped = " | ".join(f"Điểm quan trắc số {k} tại khu công nghiệp" for k in range(40))  # a " | " table
    chunks = chunk_document([Page(1, piped)], "bc.txt", max_chars=1000, min_chars=200)
    assert 1000 < len(piped) <= TABLE_ROW_SPLIT_FACTOR * 1000
    assert chunk_texts(chunks) == [piped]

    huge_row = row(7, 400)  # longer than 3 × max_chars: cut at cell boundaries, nothing repeated
    assert len(huge_row) > TABLE_ROW_SPLIT_FACTOR * 1000
    chunks = chunk_document([Page(1, huge_row)], "bc.docx", max_chars=1000, min_chars=200)
    assert len(chunks) > 1
    cells = huge_row.split("; ")
    pieces = [cell for c in chunks for cell in c.text.rstrip(";").split("; ")]
    assert [p.rstrip(";") for p in pieces] == cells
    assert all(re.match(r"Cột \d: ", c.text) for c in chunks)  # every piece starts at a cell
    assert all(len(c.text) <= 1000 * TAIL_MERGE_FACTOR for c in chunks)


def test_small_tail_joins_the_previous_chunk_of_its_section() -> None:
    sentence = "Công ty đã hoàn thành lắp đặt hệ thống xử lý nước thải tập trung cho cụm công nghiệp."
    lines = ["1. Môi trường", *[sentence] * 12]  # 13 lines, about 1,060 characters
    text = "\n".join(lines)
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=1000, min_chars=200)

    assert len(text) > 1000
    assert len(chunks) == 1 and chunks[0].text == text
    assert len(chunks[0].text) <= 1000 * TAIL_MERGE_FACTOR

    # Without the tail rule the same text gives two chunks, the second tiny.
    chunks = chunk_document([Page(1, text)], "bc.docx", max_chars=1000, min_chars=10)
    assert len(chunks) == 2 and len(chunks[1].text) < 200


@pytest.mark.parametrize(
    ("text", "max_chars"),
    [(REPORT, 300), (REPORT, 1000), (LEGAL, 220), (LEGAL, 1000), ("Câu rất dài " * 400, 250)],
)
def test_chunks_reproduce_the_input_within_the_size_limit(text: str, max_chars: int) -> None:
    pages = [Page(1, text)]
    chunks = chunk_document(pages, "doc.docx", max_chars=max_chars, min_chars=max_chars // 5)

    assert_reproduces(chunks, pages)
    assert all(len(c.text) <= max_chars * TAIL_MERGE_FACTOR for c in chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert {c.doc_path for c in chunks} == {"doc.docx"}
    assert all(c.text == c.text.strip() and c.text for c in chunks)


# --- pages


def test_chunks_know_their_pages_and_may_span_a_page_break() -> None:
    pages = [
        Page(1, "I. KẾT QUẢ\nSản lượng điện thương phẩm đạt 482 triệu kWh."),
        Page(2, "   \n\t"),
        Page(3, "Tỷ lệ hộ dân sử dụng điện lưới quốc gia đạt 99,65%."),
        Page(4, "II. NHIỆM VỤ\n" + "Hoàn thành đầu tư lưới điện cho các thôn vùng sâu, vùng xa. " * 20),
    ]
    chunks = chunk_document(pages, "bc.pdf", max_chars=600, min_chars=100)

    first = holding(chunks, "482 triệu kWh")
    assert (first.page_start, first.page_end) == (1, 3)
    assert "482 triệu kWh.\nTỷ lệ hộ dân" in first.text  # pages joined with a newline, the blank page adds nothing
    assert all(c.page_start == c.page_end == 4 for c in chunks if c is not first)
    assert chunks[-1].heading_path == ("II. NHIỆM VỤ",)
    assert_reproduces(chunks, pages)


def test_a_sentence_cut_by_a_page_break_stays_in_one_chunk() -> None:
    filler = " ".join(["Sở đã kiểm tra việc niêm yết giá tại các cửa hàng xăng dầu trên địa bàn."] * 6)
    pages = [
        Page(1, f"3. Công tác thanh tra\n{filler} Đoàn kiểm tra đã xử phạt 02 cơ sở kinh doanh tại"),
        Page(2, "xã Đồng Sương vì không niêm yết giá bán lẻ. " + filler),
        Page(3, "4. Công tác tổ chức\nKiện toàn các phòng chuyên môn."),
    ]
    chunks = chunk_document(pages, "bc.pdf", max_chars=600, min_chars=100)

    split_sentence = holding(chunks, "kinh doanh tại\nxã Đồng Sương vì không niêm yết")
    assert (split_sentence.page_start, split_sentence.page_end) == (1, 2)
    assert not any(c.text.startswith("xã Đồng Sương") for c in chunks)
    # a page that starts with a heading begins a new paragraph as usual
    assert chunks[-1].text.startswith("4. Công tác tổ chức") and chunks[-1].page_start == 3
    assert_reproduces(chunks, pages)


def test_chunks_mark_where_each_page_begins_in_their_text() -> None:
    pages = [
        Page(1, "I. KẾT QUẢ\nSản lượng điện thương phẩm đạt 482 triệu kWh."),
        Page(2, "   \n\t"),
        Page(3, "Tỷ lệ hộ dân sử dụng điện lưới quốc gia đạt 99,65%.\nSố xã có điện đạt 100%."),
        Page(4, "II. NHIỆM VỤ\n" + "Hoàn thành đầu tư lưới điện cho các thôn vùng sâu, vùng xa. " * 20),
    ]
    chunks = chunk_document(pages, "bc.pdf", max_chars=600, min_chars=100)

    first = holding(chunks, "482 triệu kWh")
    offset = first.text.index("Tỷ lệ hộ dân")
    assert first.page_marks == ((0, 1), (offset, 3))
    assert [first.page_at(n) for n in (0, offset - 1, offset, len(first.text) - 1)] == [1, 1, 3, 3]
    assert all(c.page_marks == ((0, 4),) for c in chunks if c is not first)


def test_a_line_over_a_page_break_counts_from_its_first_page() -> None:
    filler = " ".join(["Sở đã kiểm tra việc niêm yết giá tại các cửa hàng xăng dầu trên địa bàn."] * 3)
    pages = [
        Page(1, f"3. Công tác thanh tra\n{filler} Đoàn kiểm tra đã xử phạt 02 cơ sở kinh doanh tại"),
        Page(2, "xã Đồng Sương vì không niêm yết giá bán lẻ.\nĐã nộp phạt vào ngân sách."),
    ]
    (chunk,) = chunk_document(pages, "bc.pdf", max_chars=1000, min_chars=100)

    assert (chunk.page_start, chunk.page_end) == (1, 2)
    # the cut sentence is one line, on page 1; the next line is page 2's
    assert chunk.page_marks == ((0, 1), (chunk.text.index("Đã nộp phạt"), 2))
    assert chunk.page_at(chunk.text.index("xã Đồng Sương")) == 1


@pytest.mark.parametrize("max_chars", [120, 300, 1000])
def test_every_page_mark_starts_a_line_of_that_page(max_chars: int) -> None:
    pages = [Page(n, REPORT if n % 2 else LEGAL) for n in range(1, 6)]
    chunks = chunk_document(pages, "bc.pdf", max_chars=max_chars, min_chars=max_chars // 5)

    for chunk in chunks:
        assert chunk.page_marks[0] == (0, chunk.page_start)
        assert [page for _, page in chunk.page_marks] == sorted({page for _, page in chunk.page_marks})
        for offset, page in chunk.page_marks:
            line = chunk.text[offset:].split("\n", 1)[0]
            assert line in pages[page - 1].text  # the text from the mark on is that page's


def test_empty_pages_give_no_chunks_and_a_lone_title_gives_one() -> None:
    assert chunk_document([], "a.pdf") == []
    assert chunk_document([Page(1, ""), Page(2, " \n \n")], "a.pdf") == []

    (only,) = chunk_document([Page(1, "\n  BÁO CÁO  \n")], "b.docx")
    assert only == Chunk("b.docx", 0, "BÁO CÁO", heading_path=(), page_start=1, page_end=1, page_marks=((0, 1),))
    assert only.chunk_id == "b.docx#0"


def test_invalid_sizes_are_rejected() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        chunk_document([Page(1, "BÁO CÁO")], "a.docx", max_chars=5)
    with pytest.raises(ValueError, match="min_chars"):
        chunk_document([Page(1, "BÁO CÁO")], "a.docx", max_chars=500, min_chars=500)


def test_seventeen_million_characters_would_take_well_under_a_minute() -> None:
    pages = [Page(n, REPORT + "\n" + LEGAL) for n in range(1, 800)]  # about 2 M characters
    size = sum(len(p.text) for p in pages)
    started = time.perf_counter()
    chunks = chunk_document(pages, "big.pdf")
    elapsed = time.perf_counter() - started

    assert len(chunks) > 1000
    assert elapsed * 17_000_000 / size < 30, f"{elapsed:.2f} s for {size} characters"


# --- text for the embedder


def test_embedding_text_prepends_title_and_heading_path() -> None:
    chunk = Chunk("bc.docx", 3, "Kim ngạch xuất khẩu đạt 402,6 triệu USD.", ("I. KẾT QUẢ", "2.3. Xuất khẩu"))

    assert chunk_text_for_embedding(chunk, "Báo cáo quý I năm 2099") == (
        "Báo cáo quý I năm 2099 > I. KẾT QUẢ > 2.3. Xuất khẩu\nKim ngạch xuất khẩu đạt 402,6 triệu USD."
    )
    assert chunk_text_for_embedding(chunk, None) == "I. KẾT QUẢ > 2.3. Xuất khẩu\n" + chunk.text
    bare = Chunk("bc.docx", 0, "BÁO CÁO")
    assert chunk_text_for_embedding(bare, None) == "BÁO CÁO"
    assert chunk_text_for_embedding(bare, "  Báo cáo\n quý I ") == "Báo cáo quý I\nBÁO CÁO"


def test_embedding_context_line_is_kept_short_and_keeps_the_deepest_heading() -> None:
    path = tuple(f"{n}. " + "Nội dung quản lý nhà nước về hoạt động thương mại " * 2 for n in range(1, 6))
    chunk = Chunk("nd.docx", 0, "Điểm a khoản 2 quy định thời hạn báo cáo.", path)
    title = "Nghị định quy định chi tiết một số điều của Luật Thương mại " * 3

    context, text = chunk_text_for_embedding(chunk, title).split("\n", 1)
    assert len(context) <= CONTEXT_MAX_CHARS
    assert context.startswith("Nghị định quy định chi tiết")
    assert "5. Nội dung quản lý" in context  # the innermost heading survives, outer ones give way
    assert text == chunk.text
