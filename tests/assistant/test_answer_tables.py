"""The answer step on tables of our own: a superlative question ("nào … cao nhất", "ít nhất", "giảm nhiều nhất")
is answered by the row that a comparison of the table's column for the asked period picks, never by a total or the
rest; a table row is said as its item and the column asked."""

from __future__ import annotations

from assistant.answerability import Judge
from assistant.questions import Question
from tests.assistant.test_answer_mechanisms import answer, passage

EXPORTS = passage(
    "Kim ngạch xuất khẩu tháng 5 ước đạt 96,3 triệu USD, tăng 4,1% so với tháng trước.\n"
    "Bảng 2. Kim ngạch xuất khẩu các mặt hàng chủ yếu (triệu USD)\n"
    "TT: 1; Mặt hàng: Cà phê nhân; Tháng 5/2024: 12,5; 5 tháng 2024: 71,0; So cùng kỳ (%): -2,3\n"
    "TT: 2; Mặt hàng: Gạch ốp lát; Tháng 5/2024: 18,4; 5 tháng 2024: 60,2; So cùng kỳ (%): +9,5\n"
    "TT: 3; Mặt hàng: Hạt điều; Tháng 5/2024: 9,1; 5 tháng 2024: 88,7; So cùng kỳ (%): +1,2\n"
    "TT: 4; Mặt hàng: Các mặt hàng khác; Tháng 5/2024: 56,3; 5 tháng 2024: 240,5; So cùng kỳ (%): +6,6\n"
    "Mặt hàng: Tổng cộng; Tháng 5/2024: 96,3; 5 tháng 2024: 460,4; So cùng kỳ (%): +5,0",
    path="bao-cao/BC_xuat-khau-thang-5-2024.docx",
    date="2024-06-05",
)


def first_line(question: str) -> str:
    return answer(question, [EXPORTS]).split("\n")[0]


def test_the_superlative_row_is_compared_on_the_column_of_the_asked_period_and_leaves_out_totals():
    # tháng 5: gạch ốp lát (18,4), not "các mặt hàng khác" (56,3) nor the total; 5 tháng: hạt điều (88,7)
    assert "Gạch ốp lát" in first_line("Tháng 5/2024 mặt hàng xuất khẩu nào có kim ngạch cao nhất?")
    assert "Hạt điều" in first_line("Trong 5 tháng đầu năm 2024, mặt hàng nào xuất khẩu nhiều nhất?")
    assert "Hạt điều" in first_line("Tháng 5/2024 mặt hàng nào có kim ngạch xuất khẩu thấp nhất?")


def test_the_degree_word_says_which_end_and_giam_turns_it_round():
    assert Question("Huyện nào có số doanh nghiệp ít nhất?").extreme == "min"
    assert Question("Mặt hàng nào tăng mạnh nhất so cùng kỳ?").extreme == "max"
    assert Question("Mặt hàng nào giảm nhiều nhất so cùng kỳ?").extreme == "min"
    assert Question("Mat hang nao co kim ngach cao nhat?").extreme == "max"  # typed without diacritics
    assert Question("Kim ngạch cao nhất đạt bao nhiêu?").extreme is None  # no "nào": the figure, not an item
    assert "Cà phê nhân" in first_line("Mặt hàng nào giảm nhiều nhất so cùng kỳ?")


def item_names_rare(terms: list[str]) -> dict[str, float]:
    """Rarity in an archive of export reports: the item's name is rare, "xuất khẩu" and "tháng" are everywhere."""
    return {t: 0.9 if "hat" in t or "dieu" in t else 0.2 for t in terms}


def test_a_table_row_is_said_as_its_item_and_the_column_asked():
    text = answer("Tháng 5/2024 hạt điều xuất khẩu đạt bao nhiêu triệu USD?", [EXPORTS], Judge(item_names_rare))
    line = text.split("\n")[0]
    assert "Hạt điều" in line and "9,1" in line
    assert "88,7" not in line and "TT:" not in line  # the other period's column and the row number are left out


def test_who_is_highest_is_a_row_of_people_and_a_part_of_a_question_may_ask_it():
    results = passage(
        "Danh sách học viên được công nhận kết quả huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp\n"
        "TT: 1; Họ và tên: Lò Văn Cường; Chức danh: Giám đốc; Số định danh cá nhân: 015079004234; Điểm thi: 7,5\n"
        "TT: 2; Họ và tên: Lê Minh Thắng; Chức danh: Trưởng phòng; Số định danh cá nhân: 015080008139; Điểm thi: 9,5\n"
        "TT: 3; Họ và tên: Nguyễn Văn Dương; Chức danh: Phó phòng; Số định danh cá nhân: 037082007927; Điểm thi: 6,5",
        path="quyet-dinh/QD-cong-nhan-ket-qua-huan-luyen.docx",
    )
    assert Question("Ai đạt điểm thi cao nhất?").extreme == "max"
    # the column the question names ("điểm"), not the other column of figures (the identity numbers)
    assert "Lê Minh Thắng" in answer("Trong đợt huấn luyện, ai đạt điểm thi cao nhất?", [results]).split("\n")[0]
    text = answer("Đợt huấn luyện có bao nhiêu học viên và ai đạt điểm thi thấp nhất?", [results])
    assert "Nguyễn Văn Dương" in text
