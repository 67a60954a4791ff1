"""Hostile runs and calendars: a refusal or a bounded result, within seconds and 200 MB.

Each file is read in a child process with a time limit and an address-space limit, so a
reader that hangs or balloons fails its test instead of taking the machine with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from runstrong.adapters.files import read_bounded, shown
from runstrong.domain.errors import InvalidInput

# A guard against hanging, not a speed target: the times are measured by
# `benchmarks/import_memory.py --hostile` (these machines are shared and noisy). A hostile
# file that is expanded or parsed without bounds runs for minutes or never ends.
SECONDS = 45.0
CHILD_TIMEOUT = 60
PEAK_MB = 200  # resident, the interpreter and readers included

READ = textwrap.dedent(
    """
    import datetime as dt, json, sys, time
    from pathlib import Path
    from runstrong.adapters.imports.activities import read_activities
    from runstrong.adapters.imports.calendar import read_calendar
    from runstrong.domain.errors import InvalidInput
    path = Path(sys.argv[1])
    start = time.perf_counter()
    try:
        if path.suffix == ".ics":
            read_calendar(path, dt.date(2026, 2, 2), dt.date(2026, 3, 30))
        else:
            read_activities(path)
        outcome, message = "read", ""
    except InvalidInput as exc:
        outcome, message = "refused", str(exc)
    took = time.perf_counter() - start
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"outcome": outcome, "message": message, "seconds": took, "peak": peak}))
    """
)


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def read_in_child(path: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", READ, str(path)],
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            preexec_fn=_limit,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: still reading after {CHILD_TIMEOUT} s")
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def ics(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    )


def vevent(rule: str, start: str = "20200101T070000Z", title: str = "Tick") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{title}@x\r\nDTSTART:{start}\r\nSUMMARY:{title}\r\n"
        f"RRULE:{rule}\r\nEND:VEVENT\r\n"
    )


EVERY_SECOND_OF_A_DAY = "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}".format(
    ",".join(map(str, range(24))), ",".join(map(str, range(60))), ",".join(map(str, range(60)))
)


def many_repeating_events(path: Path) -> None:
    with path.open("w", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n")
        for n in range(120_000):  # about 16 MB of weekly events
            out.write(vevent("FREQ=WEEKLY", "20250101T070000Z", f"Run {n}"))
        out.write("END:VCALENDAR\r\n")


def long_folded_line(path: Path) -> None:
    with path.open("w", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n")
        out.write("DTSTART:20260210T070000Z\r\nSUMMARY:Easy run\r\nDESCRIPTION:x\r\n")
        out.write(" continued line of a very long description\r\n" * 600_000)
        out.write("END:VEVENT\r\nEND:VCALENDAR\r\n")


CALENDARS: dict[str, Callable[[Path], None] | str] = {
    "secondly": ics(vevent("FREQ=SECONDLY")),
    "minutely": ics(vevent("FREQ=MINUTELY;INTERVAL=1")),
    "interval-zero": ics(vevent("FREQ=DAILY;INTERVAL=0")),
    "a-million-days": ics(vevent("FREQ=DAILY", "00010101T070000Z")),
    "every-second-by-parts": ics(vevent(EVERY_SECOND_OF_A_DAY, "20260201T000000Z")),
    "never-matches": ics(vevent("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")),
    "many-repeating-events": many_repeating_events,
    "long-folded-line": long_folded_line,
}


def gpx_with(body: Callable[[Callable[[str], object]], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("w") as out:
            out.write('<?xml version="1.0"?>\n<gpx version="1.1" creator="x">\n')
            body(out.write)
            out.write(
                "<trk><type>running</type><trkseg>"
                '<trkpt lat="52.0" lon="13.0"><time>2026-02-10T07:00:00Z</time></trkpt>'
                '<trkpt lat="52.05" lon="13.0"><time>2026-02-10T07:30:00Z</time></trkpt>'
                "</trkseg></trk></gpx>\n"
            )

    return make


def _unknown_elements(write: Callable[[str], object]) -> None:
    write("<extensions>")
    for _ in range(15):  # 1.5 million elements, 16 MB: memory stays flat, time linear
        write("<x a='1'/>" * 100_000)
    write("</extensions>\n")


def _huge_attribute(write: Callable[[str], object]) -> None:
    write('<metadata note="')
    for _ in range(60):
        write("a" * 1_000_000)
    write('"/>\n')


def _deep_nesting(write: Callable[[str], object]) -> None:
    write("<a>" * 1_000_000 + "</a>" * 1_000_000 + "\n")


def _fat_point(write: Callable[[str], object]) -> None:
    write('<trk><trkseg><trkpt lat="52.0" lon="13.0"><time>2026-02-09T07:00:00Z</time>')
    for _ in range(40):
        write("<extensions><hr>150</hr></extensions>" * 30_000)
    write("</trkpt></trkseg></trk>\n")


def _huge_comment(write: Callable[[str], object]) -> None:
    write("<!--")
    for _ in range(60):
        write("c" * 1_000_000)
    write("-->\n")


def _long_text(write: Callable[[str], object]) -> None:
    write("<metadata><desc>")
    for _ in range(60):
        write("d" * 1_000_000)
    write("</desc></metadata>\n")


RUNS: dict[str, Callable[[Path], None]] = {
    "unknown-elements": gpx_with(_unknown_elements),
    "huge-attribute": gpx_with(_huge_attribute),
    "deep-nesting": gpx_with(_deep_nesting),
    "fat-track-point": gpx_with(_fat_point),
    "huge-comment": gpx_with(_huge_comment),
    "long-text": gpx_with(_long_text),
}


def _check(path: Path) -> dict[str, object]:
    result = read_in_child(path)
    assert float(str(result["seconds"])) < SECONDS, result
    assert int(str(result["peak"])) < PEAK_MB, result
    if result["outcome"] == "refused":
        message = str(result["message"])
        assert message.startswith(path.name + ":"), message
        assert len(message) < 400, message
    return result


@pytest.mark.parametrize("name", list(CALENDARS))
def test_a_hostile_calendar_is_refused_or_read_within_seconds_and_200_mb(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.ics"
    make = CALENDARS[name]
    if isinstance(make, str):
        path.write_text(make, newline="")
    else:
        make(path)
    _check(path)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("secondly", "'Tick' repeats more often than daily (FREQ=SECONDLY)"),
        ("interval-zero", "'Tick' repeats every 0 days (INTERVAL=0)"),
        ("every-second-by-parts", "'Tick' has more than 50,000 occurrences"),
    ],
)
def test_a_runaway_repetition_is_refused_naming_the_event_and_the_limit(
    tmp_path: Path, name: str, says: str
) -> None:
    path = tmp_path / f"{name}.ics"
    make = CALENDARS[name]
    assert isinstance(make, str)
    path.write_text(make, newline="")
    result = _check(path)
    assert result["outcome"] == "refused"
    assert says in str(result["message"])


@pytest.mark.parametrize("name", list(RUNS))
def test_a_hostile_gpx_is_refused_or_read_within_seconds_and_200_mb(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.gpx"
    RUNS[name](path)
    _check(path)


def test_a_deeply_nested_tcx_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.tcx"
    path.write_text(
        '<?xml version="1.0"?><TrainingCenterDatabase>'
        + "<a>" * 100_000
        + "</a>" * 100_000
        + "</TrainingCenterDatabase>"
    )
    result = _check(path)
    assert result["outcome"] == "refused"
    assert "nested more than 100 deep" in str(result["message"])


def test_a_bad_value_is_quoted_by_a_short_prefix_only(tmp_path: Path) -> None:
    from runstrong.adapters.imports.activities import read_activities

    path = tmp_path / "bad-time.gpx"
    path.write_text(
        '<gpx><trk><trkseg><trkpt lat="52" lon="13"><time>'
        + "x" * 10_000
        + "</time></trkpt></trkseg></trk></gpx>"
    )
    with pytest.raises(InvalidInput) as refused:
        read_activities(path)
    assert "'" + "x" * 40 + "…'" in refused.value.problem
    assert len(str(refused.value)) < 200


def test_a_long_event_title_is_quoted_by_a_short_prefix_only(tmp_path: Path) -> None:
    from runstrong.adapters.imports.calendar import read_calendar

    path = tmp_path / "long-title.ics"
    title = "Run " * 5_000
    path.write_text(ics(vevent("FREQ=SECONDLY", title=title)), newline="")
    with pytest.raises(InvalidInput) as refused:
        read_calendar(
            path, __import__("datetime").date(2026, 2, 2), __import__("datetime").date(2026, 3, 30)
        )
    assert len(str(refused.value)) < 300


def test_shown_keeps_a_short_value_and_cuts_a_long_one() -> None:
    assert shown("tempo") == "'tempo'"
    assert shown("y" * 100) == "'" + "y" * 40 + "…'"


def test_read_bounded_refuses_a_file_over_its_ceiling_naming_it_and_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.json"
    path.write_bytes(b" " * 2048)
    assert read_bounded(path, 4096, "a log") == b" " * 2048
    with pytest.raises(InvalidInput) as refused:
        read_bounded(path, 1024, "a log")
    assert "log.json" in str(refused.value) and "1 KB" in str(refused.value)
