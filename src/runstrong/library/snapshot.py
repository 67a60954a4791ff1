"""A cache of the checked catalog, so a command does not re-parse the library every run.

The cache lives in the user's cache directory (``$XDG_CACHE_HOME/runstrong`` or
``~/.cache/runstrong``; ``RUNSTRONG_CACHE_DIR`` overrides it). It is a pickle that only
runstrong writes, in a directory of the user's own, and its name carries a fingerprint of
the data it was made from. If anything goes wrong reading or writing it, the library is
simply parsed from source: the cache can only make things faster, never different.

The file starts with a tag and a BLAKE2b hash of the pickle that follows, checked before
the pickle is opened: a file cut short (a full disk, a crash) or with bytes changed (a
failing disk, another program) is never unpickled, half-read or not; it is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path

from runstrong import __version__
from runstrong.domain import catalog as catalog_module
from runstrong.domain.catalog import Catalog


def cache_dir() -> Path:
    override = os.environ.get("RUNSTRONG_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "runstrong"


def fingerprint(data: Path) -> str:
    """Names, sizes and modification times of the data files and of the domain code whose
    classes the cache holds, and the package version.

    A checksum of the listing rather than of the contents: it must cost far less than the
    parse it saves (one stat per file, no reading), and any edit changes size or time.
    """
    root = Path(str(data))
    folders = [
        root / "exercises",
        root / "guides",
        root / "injuries",
        Path(catalog_module.__file__).parent,
    ]
    listing = [__version__]
    for folder in folders:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file():
                stat = entry.stat()
                listing.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    text = "\n".join(listing).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(listing):04d}"


_TAG = b"runstrong-catalog-1\n"
_HASH_BYTES = 32


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_HASH_BYTES).digest()


def sealed(payload: bytes) -> bytes:
    """The cache file's bytes: the tag, the hash of the payload, the payload."""
    return _TAG + _digest(payload) + payload


def unsealed(data: bytes) -> bytes | None:
    """The payload when the file is whole and unchanged, else None."""
    head = len(_TAG) + _HASH_BYTES
    if len(data) <= head or not data.startswith(_TAG):
        return None
    payload = data[head:]
    if _digest(payload) != data[len(_TAG) : head]:
        return None
    return payload


def _read(target: Path) -> Catalog | None:
    try:
        payload = unsealed(target.read_bytes())
    except OSError:
        return None
    if payload is None:
        return None
    try:
        catalog = pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # written by a runstrong whose classes have changed since
    return catalog if isinstance(catalog, Catalog) else None


def _write(target: Path, catalog: Catalog) -> None:
    import tempfile  # only when the cache is written: most runs just read it

    data = sealed(pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            temporary = handle.name
            handle.write(data)
        os.replace(temporary, target)
        temporary = None
    except OSError:
        pass  # no cache this time: the next run parses again
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def cached(data: Path, build: Callable[[], Catalog]) -> Catalog:
    if os.environ.get("RUNSTRONG_NO_CACHE"):
        return build()
    try:
        target: Path | None = cache_dir() / f"catalog-{fingerprint(data)}.pickle"
    except OSError:
        target = None  # the data cannot be listed: parse, and let the parser say why
    if target is not None:
        found = _read(target)
        if found is not None:
            return found
    catalog = build()
    if target is not None:
        _write(target, catalog)
    return catalog
