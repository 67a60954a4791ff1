"""A cache of the checked catalog, so a command does not re-parse the library every run.

The cache lives in the user's cache directory (``$XDG_CACHE_HOME/runstrong`` or
``~/.cache/runstrong``; ``RUNSTRONG_CACHE_DIR`` overrides it). It is a pickle that only
runstrong writes, in a directory of the user's own, and its name carries a fingerprint of
the data it was made from. If anything goes wrong reading or writing it, the library is
simply parsed from source: the cache can only make things faster, never different.
"""

from __future__ import annotations

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


def cached(data: Path, build: Callable[[], Catalog]) -> Catalog:
    if os.environ.get("RUNSTRONG_NO_CACHE"):
        return build()
    try:
        target = cache_dir() / f"catalog-{fingerprint(data)}.pickle"
        with target.open("rb") as handle:
            catalog = pickle.load(handle)
        if isinstance(catalog, Catalog):
            return catalog
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    catalog = build()
    import tempfile  # only when the cache is written: most runs just read it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            pickle.dump(catalog, temporary, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary.name, target)
    except OSError:
        pass
    return catalog
