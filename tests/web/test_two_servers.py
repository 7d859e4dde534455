"""Two real `serve` processes on one index folder and one data folder, their vectors on one Chroma server: both
answer; a DOCX uploaded through either is answered by the other within a generous deadline; uploads arriving at
both at once wait for the index's lock in turn, and the lock is never held by both (each process logs, with the
time, when it takes and releases it: tests/serve_hash.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.factory import ingest_archive, open_assistant, open_catalog
from assistant.settings import Settings
from assistant.web.auth import hash_password
from index.lock import ingest_lock
from tests.chroma_server import chroma_server, free_port, stop_process
from tests.conftest import HashEmbeddings, load_script
from tests.data.fixtures import make_docx
from tests.web.gradio_http import call, signed_in, upload

pytestmark = [pytest.mark.server, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-cua-lan"
DEADLINE_S = 300  # a bound on each wait, generous for a loaded machine: no measure of speed
WAITING = "đang chờ nó xong"  # what index/lock.py logs when another holds the lock
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Vân Mộng, ngày 05 tháng 8 năm 2025",
]


@dataclass(frozen=True)
class Upload:
    """A fictional report, the question it answers and the figure the answer must give."""

    name: str
    number: str
    subject: str
    fact: str
    question: str
    figure: str

    def write(self, folder: Path) -> bytes:
        left = ["UBND TỈNH VÂN MỘNG", "SỞ CÔNG THƯƠNG", f"Số: {self.number}"]
        paragraphs = ["BÁO CÁO", self.subject, self.fact]
        return make_docx(folder / self.name, paragraphs, header_block=(left, HEADER_RIGHT)).read_bytes()


CHARGERS = Upload(
    "BC 77 tram sac.docx",
    "77/BC-SCT",
    "Tình hình phát triển trạm sạc xe điện 7 tháng năm 2025",
    "Đến hết tháng 7 năm 2025, trên địa bàn tỉnh có 146 trạm sạc xe điện đang hoạt động.",
    "Trên địa bàn tỉnh có bao nhiêu trạm sạc xe điện?",
    "146 trạm",
)
FAIR = Upload(
    "BC 78 hoi cho.docx",
    "78/BC-SCT",
    "Kết quả tổ chức Hội chợ Thương mại Vân Mộng năm 2025",
    "Hội chợ Thương mại Vân Mộng năm 2025 đón khoảng 58.400 lượt khách tham quan, mua sắm.",
    "Hội chợ Thương mại Vân Mộng năm 2025 đón bao nhiêu lượt khách?",
    "58.400 lượt",
)
LICENCES = Upload(
    "BC 79 giay phep ruou.docx",
    "79/BC-SCT",
    "Kết quả cấp giấy phép kinh doanh rượu 7 tháng năm 2025",
    "Trong 7 tháng năm 2025, Sở Công Thương cấp 312 giấy phép bán lẻ rượu cho các thương nhân trên địa bàn tỉnh.",
    "Sở Công Thương cấp bao nhiêu giấy phép bán lẻ rượu?",
    "312 giấy phép",
)


@dataclass
class Server:
    """One `serve` process; `client` is signed in as the administrator."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    client: httpx.Client | None = None

    def wait_until_up(self) -> Server:
        deadline = time.monotonic() + DEADLINE_S
        while not self._answers():
            assert self.process.poll() is None, f"serve exited with {self.process.returncode}:\n{self.log_text()}"
            assert time.monotonic() < deadline, f"serve silent at {self.url}:\n{self.log_text()}"
            time.sleep(0.2)
        self.client = signed_in(self.url, "lan", PASSWORD, timeout=DEADLINE_S)
        return self

    def _answers(self) -> bool:
        try:
            return httpx.get(self.url, timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def ask(self, question: str) -> str:
        assert self.client is not None
        return str(call(self.client, "chat", [question, [], "", "", "", "", ""])[0])  # no filter, no area

    def upload(self, name: str, data: bytes) -> str:
        """Through Gradio's upload route and the upload tab's event, as the page sends it; the tab's message."""
        client = signed_in(self.url, "lan", PASSWORD, timeout=DEADLINE_S)
        try:
            stored = upload(client, name, data)
            stored.raise_for_status()
            event = [{"path": stored.json()[0], "meta": {"_type": "gradio.FileData"}}]
            return str(call(client, "upload_document", event)[0])
        finally:
            client.close()

    def answer_with(self, question: str, figure: str) -> str:
        """Ask until the answer gives `figure`, up to the deadline; the last answer."""
        deadline = time.monotonic() + DEADLINE_S
        while figure not in (answer := self.ask(question)) and time.monotonic() < deadline:
            time.sleep(0.5)
        return answer

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        stop_process(self.process, timeout=30)


def start_serve(settings: Settings, users: str, log: Path) -> Server:
    """`python -m assistant serve` (with the hash embedder: tests/serve_hash.py) on a free loopback port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRO_LY_")}
    env.update(
        TRO_LY_INDEX_DIR=str(settings.index_dir),
        TRO_LY_DATA_DIR=str(settings.data_dir),
        TRO_LY_CACHE_DIR=str(settings.cache_dir),
        TRO_LY_CHROMA_HOST=str(settings.chroma_host),
        TRO_LY_CHROMA_PORT=str(settings.chroma_port),
        TRO_LY_OCR="0",
        TRO_LY_LLM="off",
        TRO_LY_USERS=users,
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
    )
    command = [sys.executable, "-m", "tests.serve_hash", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Server(f"http://127.0.0.1:{port}/", process, log)


# a line of tests/serve_hash.py's LOG_FORMAT: "<created> <process> DEBUG index.lock: lock taken: <path>"
LOCK_LINE = re.compile(r"(\d+\.\d{6}) \d+ DEBUG index\.lock: lock (taken|released)")


def lock_holds(server: Server) -> list[tuple[float, float]]:
    """(taken, released) times of every hold of the index's lock the process logged."""
    holds: list[tuple[float, float]] = []
    taken: float | None = None
    # stdout shares the log file and is written in blocks, so a log line may follow its text on the same line
    for at, what in LOCK_LINE.findall(server.log_text()):
        if what == "taken":
            assert taken is None, "taken twice without a release: two holds at once in one process"
            taken = float(at)
        else:
            assert taken is not None
            holds.append((taken, float(at)))
            taken = None
    return holds


def indexed(settings: Settings) -> set[str]:
    catalog = open_catalog(settings)
    try:
        return {r.path for r in catalog.indexed_documents()}
    finally:
        catalog.close()


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Settings]:
    """The demo archive indexed into one index folder, its vectors on a Chroma server that runs for the test."""
    with chroma_server(tmp_path / "chroma") as (host, port):
        settings = Settings(
            data_dir=tmp_path / "data",
            index_dir=tmp_path / "index",
            cache_dir=tmp_path / "cache",
            ocr=False,
            chroma_host=host,
            chroma_port=port,
        )
        archive = tmp_path / "kho"
        load_script("make_demo_archive").write_demo_archive(archive)
        ingest_archive(settings, archive, HashEmbeddings())
        yield settings


def test_two_servers_share_one_index(shared: Settings, tmp_path: Path) -> None:
    users = f"lan:admin:{hash_password(PASSWORD)}"
    with ExitStack() as stack:
        servers = [start_serve(shared, users, tmp_path / f"serve-{n}.log") for n in (1, 2)]  # started together
        for server in servers:
            stack.callback(server.stop)
        first, second = (server.wait_until_up() for server in servers)

        for server in (first, second):
            assert "318,4 triệu USD" in server.ask("Kim ngạch xuất khẩu quý I đạt bao nhiêu?")
            for report in (CHARGERS, FAIR, LICENCES):
                assert report.figure not in server.ask(report.question)

        # An upload through one: the other answers from it (by taking up the change itself).
        assert first.upload(CHARGERS.name, CHARGERS.write(tmp_path)).startswith("Đã thêm **tai-len/")
        assert CHARGERS.figure in second.answer_with(CHARGERS.question, CHARGERS.figure)

        # Two uploads at once, arriving while another ingest holds the lock (this test, as a CLI ingest would).
        messages: dict[str, str] = {}
        senders = [
            threading.Thread(
                target=lambda s=server, r=report: messages.update({r.name: s.upload(r.name, r.write(tmp_path))})
            )
            for server, report in ((first, FAIR), (second, LICENCES))
        ]
        with ingest_lock(shared.index_dir):
            for sender in senders:
                sender.start()
            deadline = time.monotonic() + DEADLINE_S
            while not all(WAITING in s.log_text() for s in servers) and time.monotonic() < deadline:
                assert all(sender.is_alive() for sender in senders), messages
                time.sleep(0.2)
            assert all(WAITING in s.log_text() for s in servers)  # both wait, neither indexes alongside
            assert not messages and not {f"tai-len/{r.name}" for r in (FAIR, LICENCES)} & indexed(shared)
        for sender in senders:
            sender.join(timeout=DEADLINE_S)
        assert set(messages) == {FAIR.name, LICENCES.name}
        assert all(m.startswith("Đã thêm **tai-len/") for m in messages.values()), messages
        for server in (first, second):
            for report in (CHARGERS, FAIR, LICENCES):
                assert report.figure in server.answer_with(report.question, report.figure)

        # Released by this test at once, the lock went to one server, then the other: never to both.
        holds = [lock_holds(server) for server in servers]
        assert all(holds), "each server indexed its upload under the lock"
        ordered = sorted(hold for server_holds in holds for hold in server_holds)
        assert all(before[1] <= after[0] for before, after in zip(ordered, ordered[1:], strict=False)), ordered

    # The index they leave is whole: a third reader (as `ask` opens it) answers from both uploads.
    with open_assistant(shared, HashEmbeddings()) as assistant:
        for report in (CHARGERS, FAIR, LICENCES):
            assert report.figure in assistant.ask(report.question).text
