"""sim/outputs.py: claims on folders (one writer at a time, taken over from a killed holder) and
operating-system errors told in one line naming the path."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sim import outputs
from sim.outputs import CLAIM_FILE, FolderBusy, atomic_write, claim_folder, describe_os_error

HOLD = (
    "import sys, time; from pathlib import Path; from sim.outputs import claim_folder\n"
    "claim = claim_folder(Path(sys.argv[1]), purpose='holder under test')\n"
    "print('claimed', flush=True); time.sleep(600)\n"
)


def test_a_claim_records_its_holder_and_is_gone_once_released(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "run"
    with claim_folder(folder, purpose="run") as claim:
        record = json.loads((folder / CLAIM_FILE).read_text())
        assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
        assert record["purpose"] == "run" and record["since"]
        assert claim.created and claim.taken_over is None
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_second_claimant_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    with claim_folder(tmp_path, purpose="first writer"):
        with pytest.raises(FolderBusy) as refused:
            claim_folder(tmp_path, purpose="second writer")
        message = str(refused.value)
        assert f"{tmp_path} is being written by another process" in message
        assert "first writer" in message and f"pid {os.getpid()}" in message
        assert "choose another folder" in message
    # once released, the folder can be claimed again
    with claim_folder(tmp_path, purpose="second writer"):
        pass


def test_a_claimant_may_wait_for_the_holder_to_finish(tmp_path: Path) -> None:
    first = claim_folder(tmp_path, purpose="first")
    threading.Timer(0.5, first.release).start()
    clock = time.monotonic()
    with claim_folder(tmp_path, purpose="second", wait_seconds=30) as second:
        assert json.loads((tmp_path / CLAIM_FILE).read_text())["purpose"] == "second"
        assert second.taken_over is None  # released properly, not taken over
    assert 0.4 < time.monotonic() - clock < 25


def test_a_claim_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "claimed"
        with pytest.raises(FolderBusy, match="holder under test"):
            claim_folder(tmp_path, purpose="while it lives")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert (tmp_path / CLAIM_FILE).exists()  # kill -9: no chance to release
    with claim_folder(tmp_path, purpose="after it died") as claim:
        assert claim.taken_over is not None and claim.taken_over["pid"] == holder.pid
        assert json.loads((tmp_path / CLAIM_FILE).read_text())["pid"] == os.getpid()


def test_a_refused_writer_leaves_no_folder_it_created(tmp_path: Path) -> None:
    folder = tmp_path / "created"
    with pytest.raises(RuntimeError), claim_folder(folder, purpose="refused"):
        raise RuntimeError("refused after the claim")
    assert not folder.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    with pytest.raises(RuntimeError), claim_folder(kept, purpose="refused"):
        raise RuntimeError("refused after the claim")
    assert kept.is_dir()  # not created by the claim: left as it was


def test_a_claim_under_a_file_is_an_os_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "results"
    blocker.write_text("a file")
    with pytest.raises(OSError) as refused:
        claim_folder(blocker / "run", purpose="run")
    assert describe_os_error(refused.value) == (
        f"{blocker / 'run'}: {blocker} is a file, not a folder, so nothing can be written under it"
    )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only file system"),
        (errno.ENOSPC, "no space left on the device"),
        (errno.EDQUOT, "disk quota exceeded"),
    ],
)
def test_os_errors_are_told_with_their_path(code: int, reason: str) -> None:
    error = OSError(code, os.strerror(code), "/results/run/manifest.json")
    assert describe_os_error(error) == f"/results/run/manifest.json: {reason}"


def test_a_failed_write_names_the_file_being_written(tmp_path: Path) -> None:
    def disk_full(tmp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")  # what write(2) reports: no file name

    target = tmp_path / "summary.json"
    with pytest.raises(OSError) as refused:
        atomic_write(target, disk_full)
    assert describe_os_error(refused.value) == f"{target}: no space left on the device"
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_a_folder_holding_a_run_record_is_not_fresh(tmp_path: Path) -> None:
    (tmp_path / ".hydra").mkdir()
    (tmp_path / ".hydra" / "config.yaml").write_text("seed: 9\n")
    with pytest.raises(FileExistsError, match=r"already holds a run \(\.hydra/config\.yaml\)"):
        outputs.ensure_fresh(tmp_path)


def test_a_filesystem_without_locks_still_gets_its_claim_written(tmp_path: Path, monkeypatch) -> None:
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(outputs.fcntl, "flock", no_locks)
    with claim_folder(tmp_path, purpose="on a mount without locks"):
        assert json.loads((tmp_path / CLAIM_FILE).read_text())["purpose"] == "on a mount without locks"
    assert not (tmp_path / CLAIM_FILE).exists()
