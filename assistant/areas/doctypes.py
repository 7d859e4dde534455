"""What each kind of Vietnamese administrative document is for, in a few words for a newcomer: a short hand-written
glossary (Nghị định 30/2020/NĐ-CP on office work sets the kinds; the explanations are the project's own)."""

from __future__ import annotations

from assistant.vietnamese import fold

DOC_TYPES: dict[str, str] = {
    "Luật": "Văn bản do Quốc hội ban hành, đặt ra các quy định cơ bản của một lĩnh vực; các nghị định, thông tư "
    "hướng dẫn thi hành nó.",
    "Bộ luật": "Luật tập hợp các quy định của cả một ngành luật (dân sự, hình sự, lao động...), do Quốc hội ban hành.",
    "Nghị định": "Văn bản của Chính phủ quy định chi tiết, hướng dẫn thi hành luật hoặc quy định việc quản lý nhà "
    "nước chưa có luật.",
    "Nghị quyết": "Quyết sách của một cơ quan tập thể (Quốc hội, Chính phủ, Hội đồng nhân dân) về chủ trương, "
    "chính sách hoặc một vấn đề cụ thể.",
    "Thông tư": "Văn bản của Bộ trưởng hướng dẫn chi tiết luật, nghị định trong lĩnh vực Bộ quản lý: mẫu hồ sơ, "
    "quy trình, chỉ tiêu kỹ thuật.",
    "Quyết định": "Văn bản của người có thẩm quyền quyết một việc cụ thể: phê duyệt, ban hành quy chế, thành lập "
    "đoàn kiểm tra, cấp hoặc công nhận, xử phạt. Có hiệu lực bắt buộc với người được giao.",
    "Chỉ thị": "Văn bản của người đứng đầu chỉ đạo, đôn đốc các cơ quan cấp dưới tập trung làm một việc.",
    "Công văn": "Thư chính thức giữa các cơ quan: đề nghị, hướng dẫn, trả lời, đôn đốc, xin ý kiến hoặc từ chối "
    "một hồ sơ. Dòng “V/v” cho biết việc gì.",
    "Thông báo": "Văn bản cho biết một việc đã quyết hoặc sắp làm: kết luận cuộc họp, lịch kiểm tra, kết quả "
    "thẩm định.",
    "Kế hoạch": "Văn bản nêu việc sẽ làm, ai làm, khi nào và bằng nguồn lực nào (kế hoạch kiểm tra, huấn luyện, "
    "triển khai một đề án).",
    "Báo cáo": "Văn bản trình bày tình hình, kết quả đã làm (thường kèm số liệu) gửi cấp trên hoặc cơ quan "
    "quản lý, định kỳ hoặc theo yêu cầu.",
    "Tờ trình": "Văn bản cơ quan chuyên môn gửi cấp có thẩm quyền (thường là UBND) đề nghị phê duyệt hoặc ban hành "
    "một việc, kèm dự thảo văn bản.",
    "Phiếu trình": "Phiếu nội bộ chuyển hồ sơ lên lãnh đạo xem xét, ghi ý kiến của chuyên viên và của lãnh đạo.",
    "Biên bản": "Văn bản ghi lại sự việc đã diễn ra (cuộc họp, kiểm tra thực tế, thẩm định) với chữ ký của những "
    "người có mặt: là chứng cứ của việc đó.",
    "Biên bản thẩm định": "Biên bản ghi kết quả xem xét hồ sơ hoặc cơ sở trước khi cấp phép: đạt hay không, cần "
    "bổ sung gì.",
    "Giấy phép": "Văn bản cơ quan nhà nước cho phép tổ chức, cá nhân làm một hoạt động có điều kiện (vận chuyển "
    "hàng nguy hiểm, sử dụng vật liệu nổ...), thường có thời hạn.",
    "Giấy chứng nhận": "Văn bản xác nhận một tổ chức, cá nhân đủ điều kiện hoặc đã đạt một yêu cầu (đủ điều kiện "
    "kinh doanh, đã qua huấn luyện).",
    "Giấy mời": "Văn bản mời dự họp, hội nghị: nêu nội dung, thời gian, địa điểm và thành phần.",
    "Hướng dẫn": "Văn bản giải thích cách thực hiện một quy định hoặc một nhiệm vụ.",
    "Quy trình": "Văn bản nêu các bước, người làm và thời hạn giải quyết một việc (thường là một thủ tục hành chính).",
    "Phương án": "Văn bản nêu cách tổ chức thực hiện một việc cụ thể và các biện pháp đi kèm.",
    "Đơn đề nghị": "Văn bản tổ chức, cá nhân gửi cơ quan nhà nước xin cấp phép, chứng nhận hoặc giải quyết một việc; "
    "mở đầu một hồ sơ.",
}


def explain_type(doc_type: str | None) -> str | None:
    """What a document of this type is for, or None when the glossary has no entry for it."""
    if not doc_type:
        return None
    folded = fold(doc_type)
    for name, text in sorted(DOC_TYPES.items(), key=lambda kv: -len(kv[0])):  # "Biên bản thẩm định" before "Biên bản"
        if folded.startswith(fold(name)):
            return text
    return None
