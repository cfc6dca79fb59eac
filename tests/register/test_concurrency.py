"""20 real processes export at once into one register: no record lost, no number shared."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kkletter.register.records import SearchQuery
from kkletter.register.store import Register

from .conftest import OpenDatabase

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"
PROCESSES = 20

# Each process imports everything first, waits for the start signal, then exports.
_WORKER = """
import sys, time
from pathlib import Path
from kkletter.cli import main
import kkletter.docx.writer, kkletter.register.service
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(main(["render", sys.argv[2], "-o", sys.argv[3]]))
"""


def test_twenty_processes_exporting_at_once_lose_nothing(
    database_url: str, tmp_path: Path, open_db: OpenDatabase
) -> None:
    register = Register(open_db(database_url).engine)  # migrated before the rush
    go = tmp_path / "go"
    env = {**os.environ, "KKLETTER_DATABASE_URL": database_url}
    targets = [tmp_path / f"brev-{i:02d}.docx" for i in range(PROCESSES)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(go), str(SEED_004), str(target)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for target in targets
    ]
    time.sleep(0.5)
    go.touch()
    results = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert err == ""  # nothing queued: every record reached the database
    page = register.search(SearchQuery(page_size=100))
    assert page.total == PROCESSES
    numbers = [row.number for row in page.items]
    assert len(set(numbers)) == PROCESSES
    paths = {register.get(n).outputs[0].path for n in numbers}
    assert paths == {str(target.resolve()) for target in targets}
