"""Read back what the web chat logged: the latest answers with their 👍/👎 and comments, for the department's review.

    .venv/bin/python scripts/feedback_report.py [--db PATH] [--limit N] [--rated] [--json]

PATH defaults to <TRO_LY_DATA_DIR>/feedback.sqlite (data/feedback.sqlite), where `python -m assistant serve` writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from assistant.web.feedback import FEEDBACK_FILE, FeedbackLog, format_review  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Xem lại câu trả lời và góp ý đã ghi từ giao diện web.")
    parser.add_argument("--db", type=Path, help=f"tệp SQLite (mặc định <TRO_LY_DATA_DIR>/{FEEDBACK_FILE})")
    parser.add_argument("--limit", type=int, default=50, help="số câu trả lời mới nhất (mặc định 50)")
    parser.add_argument("--rated", action="store_true", help="chỉ những câu trả lời đã được đánh giá hoặc góp ý")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    args = parser.parse_args(argv)
    path = args.db or Settings.from_env().data_dir / FEEDBACK_FILE
    if not path.exists():
        print(f"Chưa có nhật ký góp ý tại {path}.", file=sys.stderr)
        return 1
    log = FeedbackLog(path)
    try:
        rows, counts = log.review(args.limit, only_rated=args.rated), log.counts()
    finally:
        log.close()
    if args.json:
        print(json.dumps({"counts": counts, "answers": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
    else:
        print(format_review(rows, counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
