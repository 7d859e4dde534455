"""Gradio's own interface strings in Vietnamese: the upload box, the 👍/👎 tooltips, status and toast titles.

Gradio 6 ships no Vietnamese table, and a "vi-VN" browser falls back to its English one; so the table is given for
"en" as well as "vi", whatever language the browser asks for, the page reads Vietnamese. The keys are those of
Gradio's frontend (gradio/templates/frontend/assets, `upload_text.drop_file` …). Labels its frontend writes in
English without a key (what a screen reader reads out) are swapped in the page by `LABELS_JS`.
"""

from __future__ import annotations

import json

import gradio as gr

VIETNAMESE = {
    "upload_text.drop_file": "Thả tệp vào đây",
    "upload_text.drop_csv": "Thả tệp CSV vào đây",
    "upload_text.drop_image": "Thả ảnh vào đây",
    "upload_text.drop_audio": "Thả tệp âm thanh vào đây",
    "upload_text.drop_video": "Thả video vào đây",
    "upload_text.drop_gallery": "Thả tệp vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "upload_text.paste_clipboard": "Dán từ bộ nhớ tạm",
    "file.uploading": "Đang tải lên…",
    "chatbot.like": "Hữu ích",
    "chatbot.dislike": "Chưa hữu ích",
    "chatbot.complete": "Xong",
    "chatbot.copy_message": "Sao chép",
    "chatbot.copied_message": "Đã sao chép",
    "chatbot.retry": "Hỏi lại",
    "chatbot.undo": "Hoàn tác",
    "chatbot.clear": "Xoá",
    "chatbot.edit": "Sửa",
    "chatbot.submit": "Gửi",
    "chatbot.cancel": "Huỷ",
    "common.complete": "Xong",
    "common.error": "Lỗi",
    "common.or": "hoặc",
    "common.loading": "Đang tải",
    "common.clear": "Xoá",
    "common.download": "Tải về",
    "common.download_all": "Tải về tất cả",
    "common.remove": "Gỡ bỏ",
    "common.empty": "Trống",
    "common.edit": "Sửa",
    "common.submit": "Gửi",
    "common.undo": "Hoàn tác",
    "common.progress": "Tiến độ",
    "common.settings": "Cài đặt",
    "common.built_with_gradio": "Xây dựng bằng Gradio",
    "errors.use_via_api": "Dùng qua API",
    "errors.use_via_api_or_mcp": "Dùng qua API hoặc MCP",
    "blocks.lost_connection": "Mất kết nối vì đã rời trang. Đang xếp hàng lại…",
    "blocks.waiting_for_inputs": "Đang chờ tải tệp lên xong, hãy thử lại.",
    "status.queue_position": "Đang chờ: thứ {position} trên {size}",
    "dataframe.sort_column": "Sắp xếp cột",
    "dataframe.sort_ascending": "Tăng dần",
    "dataframe.sort_descending": "Giảm dần",
    "dataframe.clear_sort": "Bỏ sắp xếp",
    "dataframe.filter": "Lọc",
    "dataframe.clear_filter": "Bỏ lọc",
    "dropdown.dropdown": "Danh sách chọn",
    "login.login": "Đăng nhập",
    "login.username": "tên đăng nhập",
    "login.password": "mật khẩu",
    "login.incorrect_credentials": "Sai tên đăng nhập hoặc mật khẩu",
}

# A toast's title is its type, capitalised by Gradio's frontend ("Error", "Warning"): neither the table above nor
# gr.Error(title=...) reaches it, so the English is hidden and the Vietnamese drawn in its place.
TOAST_TITLES = {"error": "Lỗi", "warning": "Lưu ý", "info": "Thông báo", "success": "Xong"}
CSS = "\n".join(
    [
        ".toast-title { font-size: 0 !important; visibility: hidden; }",
        ".toast-title::before { visibility: visible; font-size: var(--text-md); }",
        *(f'.toast-title.{kind}::before {{ content: "{title}"; }}' for kind, title in TOAST_TITLES.items()),
    ]
)


# What Gradio 6's chatbot, table, tabs and upload box write into aria-label, title and alt attributes in English,
# bypassing the table above (found in its frontend assets and in the page); a screen reader reads them out.
ENGLISH_LABELS = {
    "chatbot conversation": "Cuộc hội thoại",
    "Loading response": "Đang trả lời",
    "Scroll down": "Cuộn xuống",
    "Feedback": "Góp ý",
    "Example attachments": "Tệp đính kèm của câu hỏi mẫu",
    "More tabs": "Các thẻ khác",
    "Dataframe": "Bảng",
    "Table actions": "Thao tác với bảng",
    "Copy table data": "Sao chép dữ liệu bảng",
    "Copied to clipboard": "Đã sao chép",
    "Fullscreen": "Toàn màn hình",
    "Exit fullscreen mode": "Thoát toàn màn hình",
    "Open cell menu": "Mở trình đơn của ô",
    "File upload": "Chọn tệp để tải lên",
    "Click to upload or drop files": "Bấm để chọn tệp hoặc thả tệp vào đây",
}
# Labels that start in English and go on with the message or the example: (English start, Vietnamese start, whether
# the rest is HTML). A chat message's label holds its HTML source: its text is what should be read out.
ENGLISH_PREFIXES = (
    ("bot's message: ", "Trợ lý trả lời: ", True),
    ("user's message: ", "Câu hỏi: ", True),
    ("Select example ", "Câu hỏi mẫu ", False),
)
LABELS_JS = """() => {
  const labels = __LABELS__;
  const prefixes = __PREFIXES__;
  const names = ['aria-label', 'title', 'alt'];
  // DOMParser builds an inert document: nothing in it runs or loads
  const textOf = (html) =>
    new DOMParser().parseFromString(html, 'text/html').body.textContent.replace(/\\s+/g, ' ').trim();
  const fix = (el) => {
    for (const name of names) {
      const value = el.getAttribute(name);
      if (!value) continue;
      let fixed = labels[value];
      for (const [english, vietnamese, isHtml] of prefixes) {
        if (fixed === undefined && value.startsWith(english)) {
          const rest = value.slice(english.length);
          fixed = vietnamese + (isHtml ? textOf(rest) : rest);
        }
      }
      if (fixed !== undefined && fixed !== value) el.setAttribute(name, fixed);
    }
  };
  const sweep = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    fix(node);
    node.querySelectorAll('[aria-label], [title], [alt]').forEach(fix);
  };
  sweep(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') fix(change.target);
      else change.addedNodes.forEach(sweep);
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: names});
}""".replace("__LABELS__", json.dumps(ENGLISH_LABELS, ensure_ascii=False)).replace(
    "__PREFIXES__", json.dumps(ENGLISH_PREFIXES, ensure_ascii=False)
)


def translations() -> gr.I18n:
    """The table for `mount_gradio_app(i18n=...)`, under both "en" (Gradio's fallback) and "vi"."""
    return gr.I18n(en=VIETNAMESE, vi=VIETNAMESE)
