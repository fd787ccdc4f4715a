"""Copying a file durably: whole, checked, never over another file, links or none."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from insider_planner.storage.durable import NameTakenError, copy_file


@pytest.fixture(params=["hard links", "no hard links"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "no hard links":

        def cross_device(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

        monkeypatch.setattr(os, "link", cross_device)
    return str(request.param)


def test_a_copy_is_whole_and_owner_only(tmp_path: Path, links: str) -> None:
    source = tmp_path / "source"
    source.write_bytes(b"some bytes")
    (tmp_path / "new").mkdir()
    target = tmp_path / "new" / "copy"
    copy_file(source, target)
    assert target.read_bytes() == b"some bytes"
    assert source.read_bytes() == b"some bytes"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy"]


def test_a_taken_name_is_never_written_over(tmp_path: Path, links: str) -> None:
    source = tmp_path / "source"
    source.write_bytes(b"ours")
    (tmp_path / "new").mkdir()
    target = tmp_path / "new" / "taken"
    target.write_bytes(b"theirs")
    with pytest.raises(NameTakenError) as caught:
        copy_file(source, target)
    assert isinstance(caught.value, OSError)  # callers that catch OSError hear of it
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in target.parent.iterdir()) == ["taken"]


def test_a_long_name_is_copied(tmp_path: Path) -> None:
    """The temporary file repeats a shortened name: a name of 255 bytes still copies."""
    source = tmp_path / "source"
    source.write_bytes(b"bytes")
    target = tmp_path / ("p" * 243 + ".insiderplan")
    copy_file(source, target)
    assert target.read_bytes() == b"bytes"


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source"
    source.write_bytes(b"bytes")
    (tmp_path / "new").mkdir()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        copy_file(source, tmp_path / "new" / "copy")
    assert list((tmp_path / "new").iterdir()) == []
