"""Footnotes that a page break put inside a paragraph are moved after it."""

from __future__ import annotations

from index.footnotes import move_footnotes
from index.normalise import normalise_text


def test_a_paragraph_cut_by_a_page_foot_is_put_back_together_and_its_notes_follow_it():
    text = (
        "Kết quả, đã kiểm tra 45 cơ sở⁽⁹⁾, ghi nhận 14 trường hợp còn hạn chế; nhắc nhở,\n\n"
        "⁸ Các xã Hiệp Hòa, Mỹ Hòa\n\n"
        "⁹ Gồm 07 cơ sở sản xuất và 38 cửa hàng\n\n"
        "cho cam kết khắc phục 10 trường hợp, với số tiền 9,5 triệu đồng.\n"
        "- Tiếp 01 lượt công dân."
    )
    assert normalise_text(text, reflow=False).split("\n") == [
        "Kết quả, đã kiểm tra 45 cơ sở⁽⁹⁾, ghi nhận 14 trường hợp còn hạn chế; nhắc nhở, cho cam kết khắc phục "
        "10 trường hợp, với số tiền 9,5 triệu đồng.",
        "⁸ Các xã Hiệp Hòa, Mỹ Hòa",
        "⁹ Gồm 07 cơ sở sản xuất và 38 cửa hàng",
        "- Tiếp 01 lượt công dân.",
    ]


def test_notes_after_a_finished_sentence_or_before_a_new_one_stay_where_they_are():
    finished = ["Kết quả các mẫu đều âm tính.", "¹ Đợt 2", "cho thấy ..."]
    new_item = ["Sở đã kiểm tra 12 cơ sở,", "² Gồm 3 xã", "- Tiếp công dân."]
    no_notes = ["Sở đã kiểm tra 12 cơ sở,", "", "cho cam kết."]
    for lines in (finished, new_item, no_notes):
        assert move_footnotes(lines) == lines
