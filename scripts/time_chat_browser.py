"""Time the chat as staff see it, in headless Chromium: first answer text and complete answer after pressing Enter.

    .venv/bin/python scripts/time_chat_browser.py [--url http://127.0.0.1:7860/] [--questions FILE.jsonl]
        [--limit 20] [--screenshot docs/screenshot.png --screenshot-question "..."]

Start the server first. Each question is typed into a fresh conversation; the page itself records, with
performance.now(), the Enter key, the first mutation showing answer text ("first text"), and the moment the source
cards (or the not-found sentence) appear ("complete"). Prints the median and p95 of both. With --screenshot, asks
--screenshot-question last and saves the page. Uses Debian's /usr/bin/chromium; downloads nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.load_chat import load_questions, percentile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TIMING_JS = """() => {
  window.__t = {};
  const box = document.querySelector('#tl-question textarea');
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t = {sent: performance.now()}; }, true);
  new MutationObserver(() => {
    const t = window.__t;
    if (!t.sent || t.done) return;
    const answers = document.querySelectorAll('#tl-chat .tl-answer');
    const last = answers[answers.length - 1];
    if (!last || document.querySelector('#tl-chat .tl-waiting')) return;
    if (!t.first && last.textContent.trim()) t.first = performance.now();
    if (last.querySelector('.tl-sources') || last.textContent.includes('Không tìm thấy')) t.done = performance.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def ask(page, question: str) -> tuple[float, float]:
    page.click("text=Cuộc hội thoại mới")
    page.wait_for_function("() => !document.querySelector('#tl-chat .tl-answer')")
    page.fill("#tl-question textarea", question)
    page.press("#tl-question textarea", "Enter")
    page.wait_for_function("() => window.__t && window.__t.done", timeout=120_000)
    t = page.evaluate("window.__t")
    return (t["first"] - t["sent"]) / 1000, (t["done"] - t["sent"]) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument(
        "--screenshot-question",
        default="Chỉ số giá tiêu dùng (CPI) tháng 3/2021 ở Quảng Ngãi biến động thế nào so với tháng trước?",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    questions = load_questions(args.questions)[: args.limit]
    firsts, dones = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="vi-VN")
        page.goto(args.url)
        page.wait_for_selector("#tl-question textarea")
        page.evaluate(TIMING_JS)
        for question in questions:
            first, done = ask(page, question)
            firsts.append(first)
            dones.append(done)
            print(f"{first:6.3f} s  {done:6.3f} s  {question[:70]}", flush=True)
        if args.screenshot:
            ask(page, args.screenshot_question)
            # the question and the start of the answer at the top of the chat, the first sources below
            page.locator("#tl-chat [data-testid='user']").last.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.mouse.move(0, 0)
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.screenshot))
            print(f"đã lưu {args.screenshot}")
        browser.close()
    if firsts:
        print(
            f"{len(firsts)} câu hỏi. Chữ đầu tiên: trung vị {statistics.median(firsts):.3f} s, p95 "
            f"{percentile(firsts, 95):.3f} s. Trả lời xong (kèm nguồn): trung vị {statistics.median(dones):.3f} s, "
            f"p95 {percentile(dones, 95):.3f} s."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
