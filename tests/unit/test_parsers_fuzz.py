"""Every parser of what a runner types or sends, fuzzed: a result of the right type, or a
`RunstrongError` in plain words (never a traceback, pydantic's jargon or an exception's
repr), within a time bound.

Fully random input rarely gets past a parser's first check, so most properties also
mutate real input (the example profiles, a valid session log): bytes and lines flipped,
deleted, inserted, duplicated and cut off, keys dropped, values swapped for the wrong
type, for huge or non-finite numbers, very long text or deep nesting. The interview's
answer parsers speak through `ValueError` (the interview prints its message and asks
again), so for them a plain `ValueError` is the refusal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from runstrong.domain import accounts as account_rules
from runstrong.domain.athlete import Profile
from runstrong.domain.errors import RunstrongError
from runstrong.domain.training_log import SessionLog
from runstrong.domain.validation import plain_message, plain_problems
from runstrong.entrypoints import interview
from runstrong.entrypoints.web import profile_form
from runstrong.library import load_catalog
from runstrong.services import planning, training

EXAMPLES = sorted((Path(planning.__file__).parents[1] / "examples").glob("*.json"))
CATALOG = load_catalog()
TODAY = dt.date(2027, 1, 6)
SECONDS = 5  # a bound on one parse: far above what any of them takes, far below a hang

# FUZZ_EXAMPLES=1000 (or more) for a longer hunt; the default keeps the run to seconds
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 200)),
    deadline=None,
    database=None,
)

JARGON = (
    "Input should be",
    "type=",
    "For further information",
    "pydantic",
    "Traceback",
    "object at 0x",
)
# An exception's repr in a message: "ValueError('...')", "KeyError(...)".
_REPR = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\(")


# -- what every property checks ---------------------------------------------------------------


@contextlib.contextmanager
def within(seconds: float = SECONDS) -> Iterator[None]:
    """Fail, instead of hanging, when the block runs longer than `seconds`."""

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still parsing after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_plain(message: str) -> None:
    assert message.strip(), "an empty message"
    for word in JARGON:
        assert word not in message, f"jargon {word!r} in: {message[:500]}"
    assert not _REPR.search(message), f"an exception's repr in: {message[:500]}"


def refused_or(parse: Callable[[], Any], kind: type | tuple[type, ...]) -> Any:
    """The parse's result, checked to be a `kind`; or None after a plain RunstrongError."""
    with within():
        try:
            result = parse()
        except RunstrongError as exc:
            assert_plain(str(exc))
            return None
    assert isinstance(result, kind), f"{type(result).__name__} is not {kind}"
    return result


def answered_or(parse: Callable[[], Any], kind: type | tuple[type, ...]) -> Any:
    """The interview's contract: a result, or a plain ValueError to print and ask again."""
    with within():
        try:
            result = parse()
        except ValueError as exc:
            assert type(exc) is ValueError, f"{type(exc).__name__}: {exc}"
            assert_plain(str(exc))
            assert "invalid literal" not in str(exc) and "digits" not in str(exc), str(exc)
            return None
    assert isinstance(result, kind), f"{type(result).__name__} is not {kind}"
    return result


# -- input: random, and real input mutated -------------------------------------------------


def _json_values(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=20,
    )


ODD_NUMBERS = st.sampled_from(
    [0, -1, 10**30, -(10**30), 2**63, 1e308, -1e308, math.nan, math.inf, -math.inf, 0.5, True]
)
ODD_TEXT = st.sampled_from(
    ["", " ", "\x00", "\ud800", "x" * 10_000, "2027-02-30", "0000-01-01", "9999-12-31", "NaN"]
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | ODD_NUMBERS
    | ODD_TEXT
)
JSON_VALUES = _json_values(LEAVES)


def _deep(depth: int) -> Any:
    value: Any = 1
    for n in range(depth):
        value = [value] if n % 2 else {"a": value}
    return value


@st.composite
def mutated_data(draw: st.DrawFn, original: Any, steps: int = 3) -> Any:
    """A JSON document with a few of its values dropped, swapped or grown out of shape."""
    document = json.loads(json.dumps(original))
    for _ in range(draw(st.integers(1, steps))):
        places: list[tuple[Any, Any]] = []

        def walk(node: Any, depth: int = 0, places: list[tuple[Any, Any]] = places) -> None:
            if depth > 20:  # not into a deep nesting made by an earlier step
                return
            if isinstance(node, dict):
                for key in node:
                    places.append((node, key))
                    walk(node[key], depth + 1)
            elif isinstance(node, list):
                for index in range(len(node)):
                    places.append((node, index))
                    walk(node[index], depth + 1)

        walk(document)
        if not places:
            return draw(JSON_VALUES)
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["drop", "replace", "deep", "duplicate", "extra"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "deep":
            parent[key] = _deep(draw(st.integers(50, 250)))  # hypothesis prints no deeper
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(JSON_VALUES)
    return document


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes, steps: int = 3) -> bytes:
    """Bytes with a few flipped, deleted, inserted, duplicated or cut off; or lines of it
    deleted, duplicated or swapped."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, steps))):
        size = len(data)
        at = draw(st.integers(0, max(size - 1, 0)))
        length = draw(st.integers(1, 64))
        action = draw(
            st.sampled_from(
                ["flip", "delete", "insert", "duplicate", "truncate", "line", "swap", "special"]
            )
        )
        if action == "flip" and size:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del data[at : at + length]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "duplicate":
            piece = data[at : at + length]
            data[at:at] = piece * draw(st.integers(1, 20))
        elif action == "truncate":
            del data[at:]
        elif action == "special":
            data[at:at] = draw(
                st.sampled_from(
                    [b"\x00", b"\xff\xff\xff\xff", b"<", b"&", b"]]>", b"\r\n ", b"-99999999999",
                     b"9" * 400, b"1e999", b"NaN", b"\xef\xbb\xbf", b"\xc3", b"&lt;"]
                )
            )  # fmt: skip
        else:
            lines = bytes(data).splitlines(keepends=True)
            if len(lines) > 1:
                n = draw(st.integers(0, len(lines) - 1))
                m = draw(st.integers(0, len(lines) - 1))
                if action == "line":  # no copies is the line deleted, two or more duplicate it
                    lines[n : n + 1] = [lines[n]] * draw(st.sampled_from([0, 2, 3, 6]))
                else:
                    lines[n], lines[m] = lines[m], lines[n]
                data = bytearray(b"".join(lines))
    return bytes(data)


def mutated_text(original: str, steps: int = 3) -> st.SearchStrategy[str]:
    return mutated_bytes(original.encode(), steps).map(lambda b: b.decode("utf-8", "replace"))


def example_data(n: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLES[n].read_text())
    return data


PROFILE = example_data(0)
PROFILE_TEXT = EXAMPLES[0].read_text()
PROFILE_YAML = yaml.safe_dump(PROFILE, sort_keys=False)
LOG = {
    "id": "s1",
    "date": "2027-01-05",
    "items": [
        {"exercise": "plank", "sets": [{"seconds": 30, "rpe": 7, "pain": 2}]},
        {"exercise": "single-leg-calf-raise",
         "sets": [{"reps": 12, "load_kg": 8.5, "side": "left"}, {"reps": 11, "side": "right"}]},
    ],
    "note": "fine",
    "pain_settled": False,
}  # fmt: skip
YAML_BOMB = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
MANY_KEYS = "".join(f"k{n}: 1\n" for n in range(60_000))


# -- profiles ----------------------------------------------------------------------------------


def test_the_real_inputs_are_read() -> None:
    """The mutations start from inputs that parse, so what they find is the mutation's."""
    for path in EXAMPLES:
        assert isinstance(planning.load_profile(path), Profile)
    assert isinstance(training.parse_log(LOG, CATALOG, TODAY), SessionLog)
    assert planning.parse_profile_text(PROFILE_YAML, ".yaml") == PROFILE


@FUZZ
@given(st.text(max_size=300) | mutated_text(PROFILE_TEXT) | st.just("[" * 100_000))
@example("[" * 100_000)
@example('{"a": 1, "a": 2}')
@example("1" * 5000)  # json's int() refuses over 4300 digits: was a bare ValueError
def test_json_text_is_read_or_refused(text: str) -> None:
    with within():
        try:
            planning.parse_json_text(text, "profile.json")
        except RunstrongError as exc:
            assert_plain(str(exc))


@FUZZ
@given(
    st.sampled_from([".json", ".toml", ".yaml", ".yml", ".txt", ""]),
    st.text(max_size=300) | mutated_text(PROFILE_TEXT) | mutated_text(PROFILE_YAML),
)
@example(".yaml", YAML_BOMB)
@example(".yaml", MANY_KEYS)  # the duplicate-key check was quadratic, and so was the echo filter
@example(".yaml", "a: 2027-02-30\n")  # was a bare ValueError from the YAML constructor
@example(".yaml", "a: " + "1" * 5000)
@example(".toml", "a = " + "1" * 5000)
@example(".yaml", "? [a, b]\n: 1\n")
@example(".yaml", "!!python/object/apply:os.system ['true']\n")
@example(".toml", "a = " + "[" * 5000)
def test_profile_text_is_read_and_checked_or_refused(suffix: str, text: str) -> None:
    data = refused_or(lambda: planning.parse_profile_text(text, suffix, "profile"), dict)
    if data is not None:
        refused_or(lambda: planning.validate_profile(data), Profile)


@FUZZ
@given(
    st.sampled_from(range(len(EXAMPLES))).flatmap(lambda n: mutated_data(example_data(n)))
    | st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=6)
)
@example({"name": "x" * 10_000})
@example({**PROFILE, "experience": ["novice"]})  # was "unknown value '<object object at 0x..>'"
@example({**PROFILE, "name": 10**5000})
@example({**PROFILE, "start_date": "9999-12-31"})
@example({**PROFILE, "start_date": "0001-01-01"})
def test_profile_data_is_checked_or_refused(data: Any) -> None:
    if isinstance(data, dict):
        refused_or(lambda: planning.validate_profile(data), Profile)


@settings(FUZZ, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([".json", ".yaml", ".toml", ".JSON"]),
    st.binary(max_size=200) | mutated_bytes(PROFILE_TEXT.encode()),
)
@example(".json", b"\xff\xfe")
def test_profile_files_are_read_or_refused(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"profile{suffix}"
    path.write_bytes(content)
    refused_or(lambda: planning.load_profile(path), Profile)


# -- the session log ---------------------------------------------------------------------------


@FUZZ
@given(mutated_data(LOG) | JSON_VALUES | st.dictionaries(st.text(max_size=12), JSON_VALUES))
@example({**LOG, "note": "x" * 100_000})
@example({**LOG, "date": "9999-12-31"})
@example({**LOG, "items": [{"exercise": "plank", "sets": [{"seconds": 3, "side": []}]}]})
@example({**LOG, "items": [LOG["items"][0]] * 2000})
@example({**LOG, "items": [{"exercise": "plank", "sets": [{"seconds": 1e308}]}]})
@example({**LOG, "items": [{"exercise": "plank", "sets": [{"seconds": math.nan}]}]})
@example({**LOG, "items": [{"exercise": "plank", "sets": [{"seconds": 10**400}]}]})
def test_a_session_log_is_checked_or_refused(data: Any) -> None:
    refused_or(lambda: training.parse_log(data, CATALOG, TODAY), SessionLog)


# -- accounts ----------------------------------------------------------------------------------

NAMES = st.text(max_size=80) | ODD_TEXT | st.sampled_from(["robin", " Robin ", "a.b-c_d", "ab"])


@FUZZ
@given(NAMES, st.text(max_size=200) | ODD_TEXT)
@example("robin", "\x00" * 20)
@example("\ud800bob", "\ud800" * 20)
def test_usernames_and_passwords_are_checked_or_refused(name: str, password: str) -> None:
    checked = refused_or(lambda: account_rules.username(name), str)
    if checked is not None:
        assert checked == name.strip().lower()
    refused_or(lambda: account_rules.check_password(password, name), type(None))


# -- the interview's answers -------------------------------------------------------------------

ANSWERS = (
    st.text(max_size=40)
    | st.from_regex(r"\s*\d{1,500}(\.\d{1,5})?\s*(h|min|km|mi|x|kg|s)?\s*", fullmatch=True)
    | st.from_regex(r"\d{1,400}\s*h\s*\d{0,400}", fullmatch=True)
    | st.sampled_from(["²", "١٢", "nan", "inf", "-1", "1_000", "1e999", "0x10", "1:60", "99:59"])
    | ODD_TEXT
)
FIELDS = [
    interview.SetFields("reps", True, True),
    interview.SetFields("seconds", False, True),
    interview.SetFields("seconds", False, False),
]


@FUZZ
@given(ANSWERS)
@example("9" * 5000)  # was "Exceeds the limit (4300 digits) ..."
@example("9" * 400 + " h")  # _minutes: float inf to round(): was an OverflowError
@example("²")  # isdigit() but not int(): was "invalid literal for int()"
@example("99999999999999999999:00")
def test_interview_answers_are_read_or_asked_again(answer: str) -> None:
    for parse, kind in (
        (interview._days, list),
        (interview._distance, tuple),
        (interview._date(TODAY), dt.date),
        (interview._int_between(1, 7), int),
        (interview._choice(["novice", "intermediate"]), str),
        (interview._equipment, list),
        (interview._injuries, list),
        (interview._event, str),
        (interview._minutes(15, 90), int),
        (interview._count(1, 3, "session"), int),
        (interview._run_days(3), list),
        (interview._among(["mon", "wed", "sat"], 1, ("sat",)), list),
        (interview._sides("knee"), str),
        (interview._status, str),
        (interview._number(0, 300, allow_blank=True), (int, float, type(None))),
    ):
        answered_or(lambda parse=parse: parse(answer), kind)  # type: ignore[misc]


@FUZZ
@given(st.sampled_from(FIELDS), ANSWERS | st.lists(ANSWERS, max_size=5).map(" ".join))
@example(FIELDS[0], "nan 1e999 -0")
@example(FIELDS[0], "9" * 5000)
def test_a_set_line_is_read_or_asked_again(fields: interview.SetFields, line: str) -> None:
    defaults = dict.fromkeys(fields.names())
    values = answered_or(lambda: interview.parse_set_line(line, fields, defaults), dict)
    if values is not None:
        for name, value in values.items():
            assert value is None or math.isfinite(value), (name, value)


# -- the web's profile form --------------------------------------------------------------------

FORM_VALUE = ANSWERS | st.lists(ANSWERS, max_size=3) | st.sampled_from(["mon", "sat", "sun"])


GOOD_FORM = {
    "name": "Robin", "experience": "intermediate", "run_days": ["tue", "thu", "sun"],
    "long_run": "sun", "quality_days": ["tue"], "weekly": "40 km", "event": "half marathon",
    "race_date": "2027-04-25", "sessions": "2", "minutes": "45 min", "equipment": "dumbbell",
    "injury-0-area": "knee", "injury-0-side": "left", "injury-0-status": "past",
}  # fmt: skip


@st.composite
def mutated_forms(draw: st.DrawFn) -> dict[str, Any]:
    """The good form with a few of its fields dropped or given any value."""
    form: dict[str, Any] = dict(GOOD_FORM)
    for name in draw(st.lists(st.sampled_from([*profile_form.FIELDS, "quality_days"]), max_size=3)):
        if draw(st.booleans()):
            form.pop(name, None)
        else:
            form[name] = draw(FORM_VALUE)
    return form


def test_the_good_form_makes_a_profile() -> None:
    checked = profile_form.check(profile_form.read(GOOD_FORM), dt.date(2027, 1, 4), {})
    assert checked.errors == {} and checked.profile is not None


@FUZZ
@given(
    mutated_forms()
    | st.fixed_dictionaries(
        {},
        optional=dict.fromkeys((*profile_form.FIELDS, "quality_days"), FORM_VALUE),
    ),
    st.sampled_from([{}, PROFILE]),
)
@example({"weekly": "9" * 400 + " km", "run_days": ["mon"], "experience": "novice"}, {})
@example({"minutes": "9" * 400 + "h", "run_days": ["mon"], "experience": "novice"}, {})
def test_the_profile_form_answers_by_field(form: dict[str, Any], base: dict[str, Any]) -> None:
    with within():
        values = profile_form.read(form)
        checked = profile_form.check(values, dt.date(2027, 1, 4), base)
    assert isinstance(checked.errors, dict)
    for field, problem in checked.errors.items():
        assert field in (*profile_form.FIELDS, "form"), field
        assert isinstance(problem, str)
        assert_plain(problem)
    if not checked.errors:
        assert isinstance(checked.profile, dict)


# -- pydantic's errors in plain words ----------------------------------------------------------

KINDS = st.sampled_from(
    ["missing", "too_short", "too_long", "string_too_short", "string_too_long",
     "finite_number", "greater_than", "less_than_equal", "multiple_of", "int_parsing",
     "literal_error", "enum", "value_error", "union_tag_invalid", "date_parsing",
     "datetime_from_date_parsing", "string_pattern_mismatch", "weird"]
) | st.text(max_size=20)  # fmt: skip


@FUZZ
@given(
    KINDS,
    st.dictionaries(
        st.sampled_from(
            [
                "min_length",
                "max_length",
                "ge",
                "gt",
                "le",
                "lt",
                "multiple_of",
                "expected",
                "expected_tags",
                "error",
            ]
        ),
        LEAVES,
    ),
    LEAVES,
    st.text(max_size=60),
)
def test_any_validation_error_is_said_in_words(
    kind: str, context: dict[str, Any], value: object, message: str
) -> None:
    with within():
        said = plain_message(kind, context, value, message)
        problems = plain_problems(
            [{"type": kind, "loc": ("a", 0, "b"), "msg": message, "input": value, "ctx": context}]
        )
    assert isinstance(said, str)
    assert all(isinstance(w, str) and isinstance(p, str) for w, p in problems)


@pytest.mark.parametrize("field", ["goal", "injuries", "running", "name"])
def test_deep_nesting_in_a_profile_or_a_log_is_refused(field: str) -> None:
    """Deeper than hypothesis can print, so not among the mutations above."""
    for depth in (1000, 20_000):
        profile = {**PROFILE, field: _deep(depth)}
        log = {**LOG, "items": [{"exercise": "plank", "sets": _deep(depth)}]}
        refused_or(lambda profile=profile: planning.validate_profile(profile), Profile)
        refused_or(lambda log=log: training.parse_log(log, CATALOG, TODAY), SessionLog)


def test_the_yaml_bomb_is_not_expanded_by_the_check() -> None:
    """A profile of aliases is 9**9 values once walked: the refusal must not walk it."""
    with within(), pytest.raises(RunstrongError):
        planning.validate_profile(planning.parse_profile_text(YAML_BOMB, ".yaml"))
