"""Writing files whole or not at all, and refusing targets and databases that lose data."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from runstrong.adapters import atomic
from runstrong.adapters.atomic import CannotWrite, check_target, write_atomic
from runstrong.domain.errors import InvalidInput


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    write_atomic(target, b"BEGIN:VCALENDAR new")
    assert target.read_bytes() == b"BEGIN:VCALENDAR new"
    assert leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_previous_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.json"
    target.write_bytes(b"the previous backup")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(CannotWrite, match="disk is full") as raised:
        write_atomic(target, b"x" * 100_000)
    assert raised.value.field == "--out" and str(target) in str(raised.value)
    assert target.read_bytes() == b"the previous backup"
    assert leftovers(tmp_path) == []


def test_an_interrupt_mid_write_leaves_the_previous_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"%PDF- old")

    def interrupted(_descriptor: int, _data: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"%PDF- new")
    assert target.read_bytes() == b"%PDF- old"
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(CannotWrite, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "plan.ics", b"x")


def test_the_mode_of_a_replaced_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "profile.json"
    target.write_bytes(b"{}")
    target.chmod(0o600)
    write_atomic(target, b"{}\n")
    assert target.stat().st_mode & 0o777 == 0o600


def test_the_database_is_refused_even_with_force(tmp_path: Path) -> None:
    database = tmp_path / "runstrong.db"
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    for target in (database, tmp_path / "runstrong.db-wal", tmp_path / "." / "runstrong.db"):
        with pytest.raises(CannotWrite, match="runstrong's database"):
            check_target(target, atomic.PDF, force=True, protected=[database])


def test_another_kind_of_file_is_refused_unless_forced(tmp_path: Path) -> None:
    profile = tmp_path / "sam.json"
    profile.write_text('{"name": "Sam", "start_date": "2026-11-23"}')
    with pytest.raises(CannotWrite, match=r"sam.json is a profile, not a PDF.*--force"):
        check_target(profile, atomic.PDF)
    check_target(profile, atomic.PDF, force=True)
    check_target(profile, atomic.PROFILE)  # a profile over a profile is fine
    with pytest.raises(CannotWrite, match="not a runstrong backup"):
        check_target(profile, atomic.BACKUP)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.db", b"SQLite format 3\x00rest", "SQLite database"),
        ("a.pdf", b"%PDF-1.7\n", "PDF"),
        ("a.ics", b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n", "calendar"),
        ("a.fit", b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", "FIT workout"),
        ("a.json", b'{\n  "schema": "runstrong.backup/1"}', "runstrong backup"),
        ("a.yaml", b"name: Sam\n", "profile"),
        ("a.md", b"# Plan\n", "Markdown"),
        ("a.ics", b"", None),
    ],
)
def test_what_a_file_is_comes_from_its_content(
    tmp_path: Path, name: str, content: bytes, kind: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert atomic.what_is(path) == kind


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "  "])
def test_a_database_url_that_would_not_persist_is_refused_by_name(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.config import database_url

    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", url)
    with pytest.raises(InvalidInput) as raised:
        database_url()
    assert raised.value.field == "RUNSTRONG_DATABASE_URL"


def test_an_unset_database_url_is_the_users_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.config import database_url

    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'runstrong' / 'runstrong.db'}"


def test_postgresql_gets_a_connect_and_a_statement_timeout_unless_the_url_sets_them() -> None:
    from sqlalchemy.engine import make_url

    from runstrong.adapters.db.engine import _postgres_limits

    limits = _postgres_limits(make_url("postgresql+psycopg://x@db/x"))
    assert limits["connect_timeout"] == 5 and "statement_timeout" in limits["options"]
    assert _postgres_limits(make_url("postgresql://x@db/x?connect_timeout=20&options=-c")) == {}


def test_no_writer_outside_the_atomic_helper() -> None:
    """Every file runstrong writes for a person goes through write_atomic (the library
    cache has its own write-then-rename)."""
    root = Path(__file__).resolve().parents[2] / "src" / "runstrong"
    allowed = {root / "adapters" / "atomic.py", root / "library" / "snapshot.py"}
    found = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path not in allowed and any(
            w in text for w in (".write_bytes(", ".write_text(", "NamedTemporaryFile", "os.replace")
        ):
            found.append(str(path.relative_to(root)))
    assert found == []
