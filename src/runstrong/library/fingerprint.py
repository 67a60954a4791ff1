"""A fingerprint of what a plan is made from, apart from the runner: the bundled library
(exercises, guides, injury profiles, field tests), the code that makes plans (the domain
package) and the package version.

A stored plan carries it (`made_with.library`), so `runstrong replan --all` can tell the
runners whose newest plan was made by this very library from those still on an older one.
It is a hash of the files' contents, not of their times (as the catalog cache's is): a
reinstall of the same release must not re-plan every runner.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from runstrong import __version__
from runstrong.domain import catalog as catalog_module
from runstrong.library.load import DATA


@cache
def library_fingerprint() -> str:
    """`lib-` and 16 hex digits of a SHA-256 over every such file, in a fixed order."""
    code = Path(catalog_module.__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for root, pattern in ((DATA, "**/*"), (code, "*.py")):
        for path in sorted(p for p in root.glob(pattern) if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return f"lib-{digest.hexdigest()[:16]}"
