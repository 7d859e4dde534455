"""The per-folder config of a question set (`set.toml`), read by split_set.py and check_set.py.

    set = "archive-new.jsonl"            # the whole set
    tune = "../archive-tune3.jsonl"      # the tuning half split_set.py writes
    report = "../archive-report2.jsonl"  # the report half split_set.py writes
    order = ["doc-missing", ...]         # the tag order of the split rule (eval/README.md)
    prefix = "dn"                        # ids start "dn-" (answerable) and "dn-abs-" (unanswerable); demo sets

    [probes]                             # per unanswerable case: phrases that would suggest an answer exists
    "an-abs-…" = ["…", …]

Paths are relative to the folder of the config file.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SetConfig:
    folder: Path
    set: Path
    tune: Path
    report: Path
    order: list[str]
    probes: dict[str, list[str]] = field(default_factory=dict)
    prefix: str | None = None


def load_config(path: str | Path) -> SetConfig:
    path = Path(path).resolve()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    folder = path.parent
    return SetConfig(
        folder=folder,
        set=folder / data["set"],
        tune=folder / data["tune"],
        report=folder / data["report"],
        order=list(data["order"]),
        probes={k: list(v) for k, v in data.get("probes", {}).items()},
        prefix=data.get("prefix"),
    )


def read_cases(path: str | Path) -> list[dict]:
    """The cases of a JSONL file, blank lines skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
