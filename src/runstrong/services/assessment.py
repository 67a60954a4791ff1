"""Recording field-test results in a runner's profile file, and reading what they mean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runstrong.adapters.atomic import write_atomic
from runstrong.domain.athlete import Profile
from runstrong.domain.errors import InvalidInput
from runstrong.domain.findings import Finding, assess
from runstrong.services.planning import PROFILE_SUFFIXES, parse_profile_text, validate_profile

WRITABLE = (".json", ".yaml", ".yml")


def record_assessment(source: Path, results: dict[str, Any], target: Path | None = None) -> Profile:
    """Put the results in the profile's `assessment` and save it; returns the checked profile.

    Only the `assessment` field of the file changes, the rest stays as the runner wrote it.
    The new profile is validated before anything is written, and the file is replaced in
    one step, so a failure never leaves a half-written profile behind.
    """
    target = target or source
    check_writable(target)
    if source.suffix.lower() not in PROFILE_SUFFIXES or not source.exists():
        raise InvalidInput("--profile", f"no profile at {source} (a .json, .toml or .yaml file)")
    raw = parse_profile_text(source.read_text(encoding="utf-8"), source.suffix.lower(), str(source))
    raw["assessment"] = results
    profile = validate_profile(raw)
    field = "--save" if target != source else "--profile"
    write_atomic(target, _serialise(raw, target.suffix.lower()).encode("utf-8"), field=field)
    return profile


def check_writable(target: Path) -> None:
    """Refuse a target runstrong cannot write a profile as (before the questions are asked)."""
    if target.suffix.lower() not in WRITABLE:
        raise InvalidInput(
            "--save",
            f"runstrong writes profiles as .json or .yaml; choose such a file to save {target.name}",
        )


def findings(profile: Profile) -> list[Finding]:
    return assess(profile)


def _serialise(raw: dict[str, Any], suffix: str) -> str:
    plain = json.loads(json.dumps(raw, default=str))  # dates from TOML become ISO strings
    if suffix == ".json":
        return json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
    import yaml

    return str(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True))
