"""An admin's corrections to the found areas (rename, merge, split), kept in INDEX_DIR/areas.json.

The file holds only the admin's choices, never the found areas, so a re-ingest finds the areas again and the same
choices apply to them: a split names folders or files, which new documents under them follow.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.areas.detect import Area, folder_words

OVERRIDES_FILE = "areas.json"


class UnknownArea(ValueError):
    """An admin named an area that does not exist."""


@dataclass(frozen=True)
class Split:
    source: str  # the key of the area documents are taken from
    name: str
    prefixes: tuple[str, ...]  # archive paths: a file, or a folder whose files all move

    @property
    def key(self) -> str:
        return "admin:" + "-".join(folder_words(self.name))


@dataclass(frozen=True)
class Overrides:
    renames: dict[str, str] = field(default_factory=dict)  # key -> name
    merges: dict[str, str] = field(default_factory=dict)  # key -> the key it joins
    splits: tuple[Split, ...] = ()

    @classmethod
    def load(cls, index_dir: Path) -> Overrides:
        path = index_dir / OVERRIDES_FILE
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        splits = tuple(Split(s["source"], s["name"], tuple(s["prefixes"])) for s in data.get("splits", []))
        return cls(dict(data.get("renames", {})), dict(data.get("merges", {})), splits)

    def save(self, index_dir: Path) -> None:
        data = {
            "renames": self.renames,
            "merges": self.merges,
            "splits": [{"source": s.source, "name": s.name, "prefixes": list(s.prefixes)} for s in self.splits],
        }
        path = index_dir / OVERRIDES_FILE
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        temporary.replace(path)


def apply_overrides(areas: Sequence[Area], overrides: Overrides) -> list[Area]:
    """The areas as the admin wants them: splits first, then merges, then names. A choice about an area that no
    longer exists is left out quietly (the archive changed), never an error."""
    result = {a.key: a for a in areas}
    for split in overrides.splits:
        source = result.get(split.source)
        if source is None:
            continue
        moved = tuple(p for p in source.paths if _under(p, split.prefixes))
        if moved and len(moved) < len(source.paths):
            result[split.source] = replace(source, paths=tuple(p for p in source.paths if p not in moved))
            result[split.key] = Area(split.key, split.name, moved, "admin")
    for key, into in overrides.merges.items():
        if key in result and into in result and key != into:
            joined = result.pop(key)
            target = result[into]
            result[into] = replace(target, paths=tuple(sorted(target.paths + joined.paths)))
    for key, name in overrides.renames.items():
        if key in result:
            result[key] = replace(result[key], name=name)
    return list(result.values())


def _under(path: str, prefixes: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def with_rename(overrides: Overrides, areas: Sequence[Area], key: str, name: str) -> Overrides:
    _known(areas, key)
    return replace(overrides, renames={**overrides.renames, key: " ".join(name.split())})


def with_merge(overrides: Overrides, areas: Sequence[Area], key: str, into: str) -> Overrides:
    _known(areas, key)
    _known(areas, into)
    if key == into:
        msg = "Không thể gộp một lĩnh vực vào chính nó."
        raise UnknownArea(msg)
    return replace(overrides, merges={**overrides.merges, key: into})


def with_split(overrides: Overrides, areas: Sequence[Area], key: str, name: str, prefixes: Sequence[str]) -> Overrides:
    area = _known(areas, key)
    wanted = tuple(p.strip().rstrip("/") for p in prefixes if p.strip())
    moved = [p for p in area.paths if _under(p, wanted)]
    if not moved or len(moved) == len(area.paths):
        msg = f"Tách lĩnh vực “{area.name}”: các đường dẫn phải chọn ra một phần (không phải tất cả) văn bản của nó."
        raise UnknownArea(msg)
    return replace(overrides, splits=(*overrides.splits, Split(key, " ".join(name.split()), wanted)))


def _known(areas: Sequence[Area], key: str) -> Area:
    for area in areas:
        if area.key == key:
            return area
    msg = f"Không có lĩnh vực “{key}”. Các lĩnh vực: " + ", ".join(a.key for a in areas)
    raise UnknownArea(msg)
