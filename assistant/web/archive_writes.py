"""The only writes the web app makes in the archive folder: an upload placed under a free name and appearing whole,
and a deleted document's file removed, never anything outside the archive (index/archive.py's rule)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path, PurePosixPath

from assistant.web.upload_checks import UploadRejected
from index.archive import NotInArchive, real_path_in
from index.pipeline import file_sha256

log = logging.getLogger(__name__)


def remove_archive_entry(archive: Path, rel: str) -> bool:
    """Delete what stands at `rel` in the archive, never anything outside it; whether something was deleted.

    Only an entry whose folder really lies inside the archive is touched. A link is deleted as a link: unlinking
    it never touches the file it points to, even one outside the archive."""
    rel_path = PurePosixPath(rel)
    if rel_path.name in ("", ".", ".."):
        return False
    try:
        folder = (
            archive.resolve() if rel_path.parent == PurePosixPath(".") else real_path_in(archive, str(rel_path.parent))
        )
    except NotInArchive as refused:
        log.warning("Không xóa %s trên đĩa: %s", rel, refused.reason)
        return False
    entry = folder / rel_path.name
    if not (entry.is_symlink() or entry.is_file()):
        return False
    entry.unlink()
    return True


def free_target(folder: Path, name: str, sha: str) -> Path:
    """`name` in `folder`, or "name (2).pdf"...: an existing file is reused only when it has the same bytes."""
    stem, suffix = os.path.splitext(name)
    for n in range(1, 1000):
        target = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
        if not target.exists() or file_sha256(target) == sha:
            return target
    raise UploadRejected(f"Đã có quá nhiều tệp tên {name} trong kho; hãy đổi tên tệp.")


def copy_new(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.dang-tai")  # hidden: an ingest running now would skip it
    shutil.copyfile(source, temporary)
    temporary.replace(target)
