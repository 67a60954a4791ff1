"""The catalog cache is used only when it is whole and unchanged; otherwise it is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from runstrong.domain.catalog import Catalog
from runstrong.library import load, snapshot


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RUNSTRONG_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RUNSTRONG_NO_CACHE", raising=False)
    return tmp_path


def _builds(catalog: Catalog) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> Catalog:
        calls.append(1)
        return catalog

    return calls, build


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load.read_catalog()


def _cache_file(cache: Path) -> Path:
    (found,) = cache.glob("catalog-*.pickle")
    return found


def test_a_whole_cache_is_used_without_parsing_again(cache: Path, catalog: Catalog) -> None:
    calls, build = _builds(catalog)
    snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    again = snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    assert calls == [1]
    assert _ids(again) == _ids(catalog)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
        pytest.param(lambda data: data[:-1], id="last-byte-missing"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(
            lambda data: data[:-100] + bytes([data[-100] ^ 0x01]) + data[-99:], id="one-bit-flipped"
        ),
        pytest.param(
            lambda data: data[:60] + bytes(b ^ 0xFF for b in data[60:80]) + data[80:],
            id="bytes-flipped-near-the-start",
        ),
        pytest.param(lambda data: data[:40] + b"\x00" * 8 + data[48:], id="hash-changed"),
    ],
)
def test_a_damaged_cache_is_rebuilt_and_never_used(
    cache: Path, catalog: Catalog, damage: object
) -> None:
    calls, build = _builds(catalog)
    snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    target = _cache_file(cache)
    whole = target.read_bytes()
    target.write_bytes(damage(whole))  # type: ignore[operator]
    assert snapshot._read(target) is None  # never unpickled
    rebuilt = snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    assert calls == [1, 1]
    assert _ids(rebuilt) == _ids(catalog)
    assert target.read_bytes() == whole  # and written back whole
    assert [p.name for p in cache.iterdir()] == [target.name]  # no temporary file left


def test_a_cache_without_the_hash_is_not_trusted(cache: Path, catalog: Catalog) -> None:
    import pickle

    calls, build = _builds(catalog)
    snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    target = _cache_file(cache)
    target.write_bytes(pickle.dumps(catalog))  # the old format: a bare pickle
    snapshot.cached(load.DATA, build)  # type: ignore[arg-type]
    assert calls == [1, 1]


def test_an_unwritable_cache_folder_still_gives_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RUNSTRONG_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("RUNSTRONG_NO_CACHE", raising=False)
    _calls, build = _builds(catalog)
    assert _ids(snapshot.cached(load.DATA, build)) == _ids(catalog)  # type: ignore[arg-type]


def _ids(catalog: Catalog) -> list[str]:
    return [exercise.id for exercise in catalog.exercises]
