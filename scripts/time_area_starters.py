"""How many work areas get their 5 starter questions, and how long checking them takes: every area's candidates
go through the real answer chain (the configured backend) as the server's warm-up does (`with_checked_questions`).

    TRO_LY_CACHE_DIR=data/cache .venv/bin/python scripts/time_area_starters.py --index /tmp/copy-of-index

Writes the checked questions into the index's area cache, so point it at a copy. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.areas.starters import STARTERS_SHOWN  # noqa: E402
from assistant.factory import make_runtime  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.web.area_tab import with_checked_questions  # noqa: E402
from assistant.web.context import WebContext  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings.from_env().with_index(args.index)
    with make_runtime(settings) as runtime, WebContext.open(settings, runtime) as ctx:
        started = time.perf_counter()
        pages = ctx.areas().pages()
        print(f"pages built in {time.perf_counter() - started:.1f} s")
        tally: Counter[str] = Counter()
        started = time.perf_counter()
        for page in pages:
            began = time.perf_counter()
            checked = with_checked_questions(ctx, page)
            count = len(checked.questions)
            tally["5" if count == STARTERS_SHOWN else "none" if count == 0 else "fewer"] += 1
            print(f"{page.area.name}: {count} in {time.perf_counter() - began:.1f} s", flush=True)
            for question in checked.questions:
                print(f"    {question}")
        print(
            f"{len(pages)} areas: {tally['5']} with {STARTERS_SHOWN}, {tally['fewer']} with fewer, {tally['none']}"
            f" with none; checked in {time.perf_counter() - started:.0f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
