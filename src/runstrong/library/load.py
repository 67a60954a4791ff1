"""Reads the bundled exercise and guide files into a checked ``Catalog``.

Exercises are YAML, one file per exercise, named after its id. Guides are Markdown with a
YAML front matter block. Any file that does not validate is reported with its name and the
offending field, all files at once, so a content author sees every problem in one run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.exercises import Exercise
from runstrong.domain.fieldtests import FieldTest, FieldTests
from runstrong.domain.guides import Guide
from runstrong.domain.injuries import InjuryProfile
from runstrong.domain.validation import plain_problems

# The data sit beside this module in the installed package. A plain path, not
# importlib.resources: importing that costs a tenth of `runstrong plan`'s start-up.
DATA = Path(__file__).resolve().parent / "data"


def _yaml(text: str, where: str, expected: str = "a mapping of fields") -> dict[str, Any]:
    import yaml  # only when the library is parsed from source, not when it comes from cache

    # libyaml's loader is several times faster; fall back where it is not compiled in.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise LibraryError([f"{where}: not valid YAML: {exc}"]) from None
    if not isinstance(document, dict):
        raise LibraryError([f"{where}: expected {expected}"])
    return document


def _describe(error: ValidationError) -> list[str]:
    return [f"{where or '(record)'}: {what}" for where, what in plain_problems(error.errors())]


Record = TypeVar("Record", Exercise, Guide, InjuryProfile)


def _validated(model: type[Record], record: dict[str, Any], filename: str, suffix: str) -> Record:
    """The record checked against its model, and named after its id."""
    try:
        parsed = model.model_validate(record)
    except ValidationError as exc:
        raise LibraryError([f"{filename}: {p}" for p in _describe(exc)]) from None
    name = parsed.area.value if isinstance(parsed, InjuryProfile) else parsed.id
    if filename.removesuffix(suffix) != name:
        raise LibraryError([f"{filename}: file name must be {name}{suffix}"])
    return parsed


def parse_exercise(text: str, filename: str) -> Exercise:
    return _validated(Exercise, _yaml(text, filename), filename, ".yaml")


def parse_injury(text: str, filename: str) -> InjuryProfile:
    return _validated(InjuryProfile, _yaml(text, filename), filename, ".yaml")


def parse_guide(text: str, filename: str) -> Guide:
    head, sep, body = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        raise LibraryError([f"{filename}: a guide starts with a '---' front matter block"])
    record = _yaml(head, filename)
    record["body"] = body.strip() + "\n"
    return _validated(Guide, record, filename, ".md")


def _read_all(folder: Path, suffix: str, parse: Any) -> list[Any]:
    records: list[Any] = []
    problems: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda t: t.name):
        if not entry.name.endswith(suffix):
            continue
        try:
            records.append(parse(entry.read_text(encoding="utf-8"), entry.name))
        except LibraryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LibraryError(problems)
    return records


def read_catalog() -> Catalog:
    """The bundled library, parsed and checked from its source files."""
    exercises = _read_all(DATA / "exercises", ".yaml", parse_exercise)
    guides = _read_all(DATA / "guides", ".md", parse_guide)
    injuries = _read_all(DATA / "injuries", ".yaml", parse_injury)
    return Catalog(exercises, guides, injuries)


@cache
def load_field_tests() -> tuple[FieldTest, ...]:
    """The field tests of `runstrong assess`, in order."""
    text = (DATA / "field-tests.yaml").read_text(encoding="utf-8")
    try:
        return FieldTests.model_validate(_yaml(text, "field-tests.yaml")).tests
    except ValidationError as exc:
        raise LibraryError([f"field-tests.yaml: {p}" for p in _describe(exc)]) from None


@cache
def load_catalog() -> Catalog:
    """The bundled library, read once per process.

    Parsing 230 YAML files costs about 50 ms, so the checked catalog is kept in a cache
    file named after a fingerprint of the data files (names, sizes, modification times)
    and of the package version: any edit or upgrade gives a new name and a fresh parse.
    """
    from runstrong.library import snapshot

    return snapshot.cached(DATA, read_catalog)
