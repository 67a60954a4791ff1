"""Use cases around the plan: read a profile, make the plan, write it as JSON or Markdown.

Nothing here draws on a terminal or speaks HTTP: the CLI and the web app share it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from runstrong.adapters.files import read_bounded, shown
from runstrong.domain import legend
from runstrong.domain.athlete import Profile, Units, distance
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.plan import Plan, load_text
from runstrong.domain.validation import plain_problems

PROFILE_SUFFIXES = (".json", ".toml", ".yaml", ".yml")


class _DuplicateKey(ValueError):
    def __init__(self, key: object) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def parse_json_text(text: str, source: str) -> Any:
    """JSON with its mistakes named: the line and column, a key given twice, or nesting
    too deep to be a runstrong file."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            source, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _DuplicateKey as exc:
        raise InvalidInput(source, f"the key {shown(exc.key)} is given twice") from None
    except RecursionError:
        raise InvalidInput(source, "nested too deeply to be a runstrong file") from None
    except ValueError as exc:  # a number too long for Python to read (over 4300 digits)
        raise InvalidInput(source, _unreadable_value(exc)) from None


def _unreadable_value(exc: ValueError) -> str:
    """A value the parser's own conversion refused: an endless number, a 30 February."""
    if "digits" in str(exc):
        return "a number is too long to read (over 4300 digits); no runstrong field takes one"
    return f"a value cannot be read: {exc}"


def _yaml_text(text: str, source: str) -> Any:
    import yaml

    # libyaml's parser where it is built in (Debian's and the wheels' PyYAML have it): a
    # profile of 60,000 keys parses in a quarter of the pure-Python parser's time
    safe: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(safe):  # type: ignore[valid-type,misc]
        """Safe loading that refuses a key given twice instead of keeping the last."""

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        seen: list[Any] = []  # a key that cannot be hashed is refused by construct_mapping
        hashed: set[Any] = set()
        for key_node, _value in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                if key in hashed:
                    raise _DuplicateKey(key)
                hashed.add(key)
            except TypeError:
                if key in seen:
                    raise _DuplicateKey(key) from None
                seen.append(key)
        return loader.construct_mapping(node, deep=True)

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader: no tags that run code
    except _DuplicateKey as exc:
        raise InvalidInput(source, f"the key {shown(exc.key)} is given twice") from None
    except RecursionError:
        raise InvalidInput(source, "nested too deeply to be a runstrong file") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(source, f"not valid YAML ({exc})") from None
    except ValueError as exc:  # a date or number the YAML constructors cannot make
        raise InvalidInput(source, _unreadable_value(exc)) from None


def parse_profile_text(text: str, suffix: str, source: str = "profile") -> dict[str, Any]:
    """The raw mapping from JSON, TOML or YAML text; syntax errors name the file and line,
    and the format they were read as."""
    if suffix == ".json":
        data = parse_json_text(text, source)
    elif suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInput(source, f"not valid TOML ({exc})") from None
        except RecursionError:
            raise InvalidInput(source, "nested too deeply to be a runstrong file") from None
        except ValueError as exc:  # a number too long for Python to read
            raise InvalidInput(source, _unreadable_value(exc)) from None
    elif suffix in (".yaml", ".yml"):
        data = _yaml_text(text, source)
    else:
        raise InvalidInput(
            source, f"unknown file type {suffix!r}; use one of {', '.join(PROFILE_SUFFIXES)}"
        )
    if not isinstance(data, dict):
        raise InvalidInput(source, "a profile is a mapping of fields (name, start_date, ...)")
    return data


def validate_profile(data: dict[str, Any]) -> Profile:
    """A checked profile; every problem is reported with its field path."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise describe_errors(exc, "profile") from None


def describe_errors(error: ValidationError, record: str, nested: bool = False) -> InvalidInput:
    """One clear error for a record's validation problems, each named by its field path
    and said in plain words (`domain.validation`). A `nested` record is a place inside a
    larger document ("runners.0.sessions.3"), and the paths start from there."""
    problems = [_named(where, what) for where, what in plain_problems(error.errors())]
    if nested:
        problems = [(f"{record}.{where}" if where else record, what) for where, what in problems]
    if len(problems) == 1:
        where, what = problems[0]
        return InvalidInput(where or record, what)
    # The same bad value copied through a document is one problem said many times: the
    # first few are named, the rest counted.
    shown = problems[:MOST_PROBLEMS_SHOWN]
    listing = "; ".join(f"{where}: {what}" if where else what for where, what in shown)
    more = len(problems) - len(shown)
    tail = f"; and {more} more" if more else ""
    return InvalidInput(record, f"{len(problems)} problems: {listing}{tail}")


MOST_PROBLEMS_SHOWN = 3


def _named(where: str, message: str) -> tuple[str, str]:
    """Rules that span several fields start their message with the field they are about,
    relative to the record that raised them ("date: ..." inside goal is goal.date)."""
    named = _FIELD_PREFIX.match(message)
    if named:
        where = ".".join(part for part in (where, named.group(1)) if part)
        message = named.group(2)
    return where, message


# "date: ...", "goal.date: ...", and list items by position: "races.1.date: ..."
_FIELD_PREFIX = re.compile(r"^([a-z_]+(?:\.(?:[a-z_]+|[0-9]+))*): (.+)$", re.S)


PROFILE_FILE_LIMIT = 1024 * 1024  # a profile is a few KB: a megabyte is the wrong file


def load_profile(path: Path, field: str = "--profile") -> Profile:
    """The checked profile in `path`; problems with the file itself are told under `field`,
    the option or argument as it is spelled on the command line."""
    if not path.exists():
        raise InvalidInput(field, f"no such file: {path}")
    if path.is_dir():
        raise InvalidInput(
            field, f"{path} is a folder; give a profile file (.json, .toml or .yaml)"
        )
    if path.suffix.lower() not in PROFILE_SUFFIXES:
        raise InvalidInput(field, f"{path.name}: use a .json, .toml or .yaml file")
    data = read_bounded(path, PROFILE_FILE_LIMIT, "a profile", field)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(field, f"{path.name} is not UTF-8 text") from None
    return validate_profile(parse_profile_text(text, path.suffix.lower(), str(path)))


def example_names() -> list[str]:
    from importlib import resources

    folder = resources.files("runstrong.examples")
    return sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )


def example_profile(name: str) -> Profile:
    """One of the bundled example runners."""
    from importlib import resources

    from runstrong.domain.errors import UnknownChoice

    names = example_names()
    if name not in names:
        raise UnknownChoice("--runner", name, names)
    text = (resources.files("runstrong.examples") / f"{name}.json").read_text(encoding="utf-8")
    return validate_profile(parse_profile_text(text, ".json", name))


def make_plan(profile: Profile, catalog: Catalog) -> Plan:
    from runstrong.domain.generator import generate_plan  # parsing files never needs it

    return generate_plan(profile, catalog)


def plan_json(plan: Plan) -> bytes:
    """The plan as the `runstrong.plan/1` document: the same bytes for the same plan."""
    import orjson

    return orjson.dumps(plan, option=orjson.OPT_INDENT_2) + b"\n"


def profile_json(profile: Profile) -> bytes:
    import orjson

    return orjson.dumps(profile.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n"


def answers_json(answers: Mapping[str, Any]) -> bytes:
    """Answers that did not make a valid profile, as a profile file to be fixed by hand."""
    import orjson

    return orjson.dumps(answers, option=orjson.OPT_INDENT_2) + b"\n"


# -- words for people ---------------------------------------------------------------------


def rehab_days(days: tuple[str, ...]) -> str:
    if len(days) == 7:
        return "every day"
    return ", ".join(d.capitalize() for d in days)


def field_test_names() -> dict[str, str]:
    """The bundled field tests' names by id, for the plan's retest lines."""
    from runstrong.library.load import load_field_tests

    return legend.field_test_names(load_field_tests())


_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def markdown_text(text: str) -> str:
    """The runner's own words as plain text in Markdown: every character that could start
    markup (emphasis, a link, an HTML tag, a heading) is escaped."""
    return _MARKDOWN_MARKS.sub(r"\\\1", text)


def plan_markdown(
    plan: Plan,
    catalog: Catalog,
    with_cues: bool = False,
    test_names: Mapping[str, str] | None = None,
) -> str:
    """A shareable text version of the plan."""
    profile = plan.profile
    units = Units(profile["units"])
    goal = profile["goal"]
    lines = [f"# Strength plan for {markdown_text(str(profile['name']))}", ""]
    race = (
        "no race (rolling plan)"
        if goal["event"] == "none"
        else f"{goal['event'].replace('_', ' ')} on {goal['date']} ({goal['priority']} race)"
    )
    lines += [
        f"- Experience: {profile['experience']}",
        f"- Running: {distance(profile['running']['weekly_km'], units)} a week",
        f"- Goal: {race}",
        f"- Sessions: {profile['availability']['sessions_per_week']} a week, "
        f"{profile['availability']['minutes_per_session']} minutes",
        f"- Equipment: {', '.join(plan.equipment_available)}",
        "",
        "## Phases",
        "",
    ]
    lines += [f"- **{p.name}**: {p.start} to {p.end}" for p in plan.phases]
    if plan.warnings:
        lines += ["", "## Notes", ""] + [f"- {w}" for w in plan.warnings]
    changes = legend.adaptation_texts(plan)
    if changes:
        lines += ["", f"## {legend.ADAPTATIONS_TITLE}", ""] + [f"- {text}" for text in changes]
    terms = legend.plan_legend(plan)
    if terms:
        lines += ["", f"## {legend.LEGEND_TITLE}", ""]
        lines += [f"- **{t.term}**: {t.meaning}" for t in terms]
        lines += ["", f"*{legend.MORE}*"]
    if test_names is None and any(w.retest for w in plan.weeks):
        test_names = field_test_names()
    for week in plan.weeks:
        label = " (lighter week)" if week.deload else ""
        lines += ["", f"## Week {week.index}: {week.phase}{label}, from {week.start}", ""]
        races = [legend.race_text(day, profile) for day in legend.race_days(week)]
        lines += [f"**{text}**" for text in races]
        retest = legend.retest_text(week.retest, test_names)
        if retest:
            lines.append(retest)
        if races or retest:
            lines.append("")
        if not week.sessions:
            lines.append("No strength session this week.")
        for session in week.sessions:
            lines += [
                f"### {session.date:%A %d %B}: {session.focus} (about {session.minutes} min)",
                "",
            ]
            timing = legend.timing_text(session.timing)
            if timing:
                lines += [f"*{timing}*", ""]
            for row in legend.rows(session):
                item = row.item
                rest = f", rest {item.rest_seconds} s" if item.rest_seconds else ""
                tempo = f", {t}" if (t := legend.tempo_text(item)) else ""
                pair = f"{row.label} " if row.label else ""
                lines.append(
                    f"- *{row.block}*: {pair}**{item.name}**: {legend.dose_text(item)}, "
                    f"{load_text(item.load)}{rest}{tempo}. {item.why}"
                )
                if with_cues:
                    lines += [f"  - {cue}" for cue in catalog.exercise(item.exercise).cues]
            note = legend.pair_note(session)
            if note:
                lines += ["", f"*{note}*"]
            lines.append("")
        for routine in week.rehab:
            times = "" if routine.per_day == 1 else f", {routine.per_day} times a day"
            lines += [
                f"### Rehab routine: {rehab_days(routine.days)}{times} (about {routine.minutes} min)",
                "",
            ]
            for item in routine.items:
                tempo = f", {t}" if (t := legend.tempo_text(item)) else ""
                lines.append(
                    f"- **{item.name}**: {legend.dose_text(item)}, {load_text(item.load)}{tempo}. {item.why}"
                )
            lines.append("")
    lines += ["", _NOT_MEDICAL]
    return "\n".join(lines).rstrip() + "\n"


_NOT_MEDICAL = (
    "*runstrong is a training tool, not a medical device. Pain up to 3/10 that settles by the "
    "next morning is fine; above that, go easier; above 5/10, stop and see a professional.*"
)
