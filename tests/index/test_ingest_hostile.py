"""A hostile archive never stops or leaks through the ingest: links leading outside, link loops, files without read
permission (as a non-root user), files gone mid-ingest, two ingests at once. Real files, links and permissions."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from index import index as index_module
from index import pipeline
from tests.conftest import load_script
from tests.index.test_pipeline import Parts

SECRET = "MAT-KHAU-NGOAI-KHO root:x:0:0:root:/root:/bin/bash"
OUTSIDE = "liên kết trỏ ra ngoài kho, bỏ qua"
VANISHED = "tệp đã bị xóa hoặc đổi tên trong lúc nạp"


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    return load_script("probe_hostile")


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    """disk/kho, the archive, with two plain reports; disk/ngoai, outside it, holding a secret."""
    archive = tmp_path / "kho"
    (archive / "bao-cao").mkdir(parents=True)
    (archive / "bao-cao" / "BC-01.txt").write_text("BÁO CÁO\nSản lượng điện tháng 1 tăng 5%.", encoding="utf-8")
    (archive / "ghi-chu.txt").write_text("Ghi chú: họp giao ban thứ hai.", encoding="utf-8")
    (tmp_path / "ngoai").mkdir()
    (tmp_path / "ngoai" / "passwd").write_text(SECRET, encoding="utf-8")
    return tmp_path


def _skipped(summary) -> dict[str, str]:
    return {row["file"]: row["reason"] for row in summary.files_skipped}


def _secret_anywhere(parts: Parts) -> bool:
    return any("MAT-KHAU-NGOAI-KHO" in chunk.text for chunk in parts.catalog.all_chunks())


def test_links_out_of_the_archive_are_skipped_and_never_read(disk: Path, hash_embedder) -> None:
    archive = disk / "kho"
    os.symlink(disk / "ngoai" / "passwd", archive / "ngoai.txt")
    os.symlink(disk / "ngoai", archive / "thu-muc-ngoai")
    os.symlink("../../ngoai/passwd", archive / "bao-cao" / "tuong-doi.txt")  # relative, through ".."
    parts = Parts(disk / "idx", hash_embedder)

    summary = parts.ingest(archive)

    assert _skipped(summary) == {
        "ngoai.txt": OUTSIDE,
        "thu-muc-ngoai": OUTSIDE,
        "bao-cao/tuong-doi.txt": OUTSIDE,
    }
    assert {r.path for r in parts.catalog.indexed_documents()} == {"bao-cao/BC-01.txt", "ghi-chu.txt"}
    assert parts.store.doc_paths() == {"bao-cao/BC-01.txt", "ghi-chu.txt"}
    assert not _secret_anywhere(parts)


def test_a_row_indexed_from_a_path_that_now_leads_outside_is_purged(disk: Path, hash_embedder) -> None:
    archive = disk / "kho"
    parts = Parts(disk / "idx", hash_embedder)
    parts.ingest(archive)
    (archive / "ghi-chu.txt").unlink()
    os.symlink(disk / "ngoai" / "passwd", archive / "ghi-chu.txt")  # or indexed by a build without the rule

    summary = parts.ingest(archive)

    assert _skipped(summary) == {"ghi-chu.txt": OUTSIDE}
    assert parts.catalog.files()["ghi-chu.txt"].status == "skipped"
    assert parts.catalog.chunks_of("ghi-chu.txt") == []
    assert parts.store.doc_paths() == {"bao-cao/BC-01.txt"}
    assert not _secret_anywhere(parts)


def test_link_loops_end_and_links_to_folders_inside_are_indexed_once(disk: Path, hash_embedder) -> None:
    archive = disk / "kho"
    os.symlink("vong-2.txt", archive / "vong-1.txt")
    os.symlink("vong-1.txt", archive / "vong-2.txt")
    os.symlink("..", archive / "bao-cao" / "len-tren")  # a folder holding itself
    os.symlink("bao-cao", archive / "bao-cao-moi-nhat")
    os.symlink("ghi-chu.txt", archive / "ban-sao.txt")  # a file link inside the archive is an ordinary file
    os.symlink("khong-co.txt", archive / "hong.txt")
    parts = Parts(disk / "idx", hash_embedder)

    summary = parts.ingest(archive)

    loop = "liên kết vòng lặp (không trỏ tới tệp nào), bỏ qua"
    broken = "liên kết hỏng (trỏ tới tệp không còn), bỏ qua"
    assert _skipped(summary) == {"vong-1.txt": loop, "vong-2.txt": loop, "hong.txt": broken}
    assert {r.path for r in parts.catalog.indexed_documents()} == {"bao-cao/BC-01.txt", "ghi-chu.txt", "ban-sao.txt"}


def test_a_file_gone_after_the_scan_is_skipped_in_vietnamese(disk: Path, hash_embedder, monkeypatch) -> None:
    archive = disk / "kho"
    real_walk = index_module.walk_archive

    def walk_then_delete(root: Path):
        scan = real_walk(root)
        (root / "ghi-chu.txt").unlink()  # between the scan and the hash
        return scan

    monkeypatch.setattr(index_module, "walk_archive", walk_then_delete)
    summary = Parts(disk / "idx", hash_embedder).ingest(archive)

    assert _skipped(summary) == {"ghi-chu.txt": VANISHED}
    assert summary.files_indexed == 1


def test_a_file_renamed_before_it_is_loaded_is_skipped_in_vietnamese(disk: Path, hash_embedder, monkeypatch) -> None:
    archive = disk / "kho"
    real_load = pipeline.load_document

    def rename_then_load(path: Path, *args, **kwargs):
        if path.name == "ghi-chu.txt":  # after the hash, before the loader reads it
            path.rename(path.with_name("ghi-chu-moi.txt"))
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_document", rename_then_load)
    summary = Parts(disk / "idx", hash_embedder).ingest(archive)

    assert _skipped(summary) == {"ghi-chu.txt": VANISHED}
    assert summary.files_indexed == 1


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="ingest-hostile-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_unreadable_files_and_folders_are_skipped_by_a_non_root_ingest(probe: ModuleType, shared_tmp: Path) -> None:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions would not apply")
    archive = shared_tmp / "kho"
    probe.ordinary_files(archive)
    probe.write(archive / "khoa.txt", "Tệp không cho đọc.").chmod(0)
    probe.write(archive / "thu-muc-khoa" / "a.txt", "Thư mục không cho đọc.").parent.chmod(0)
    probe.write(archive / "z-cuoi.txt", "Tệp cuối cùng vẫn phải vào chỉ mục.")

    run = probe.run_ingest(archive, shared_tmp / "index", as_nobody=True)

    assert run.exit_code == 0, run.error
    assert run.skipped == {
        "khoa.txt": "không có quyền đọc tệp",
        "thu-muc-khoa": "không có quyền đọc thư mục, bỏ qua cả thư mục",
    }
    assert run.indexed == 3


def test_two_ingests_started_at_once_in_two_processes_run_one_after_the_other(probe, tmp_path: Path) -> None:
    for name in ("kho-a", "kho-b"):
        for n in range(2):
            probe.write(tmp_path / name / f"BC-{n}.txt", f"BÁO CÁO {name} số {n}")
    probe.create_index(tmp_path / "idx")
    workers = [probe.start_ingest(tmp_path / name, tmp_path / "idx", "--pause", "0.5") for name in ("kho-a", "kho-b")]

    runs = [probe.finish(worker) for worker in workers]

    assert [run.exit_code for run in runs] == [0, 0], [run.error for run in runs]
    first, second = sorted((min(s for s, _ in r.report["loads"]), max(e for _, e in r.report["loads"])) for r in runs)
    assert second[0] >= first[1]  # the second loaded nothing until the first had finished
