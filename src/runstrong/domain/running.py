"""The runner's usual week, worked out from their calendar or from their recorded runs.

Plain records come in (the adapters read the files), the `running` part of a profile goes
out: `{"weekly_km": n, "week": {"mon": "rest" | "easy" | "quality" | "long" | "race", ...}}`.

Calendars (a plan from a training platform, or the runner's own calendar)
- An event counts only when its title or its categories say it is running: a running
  word (run, jog, parkrun, Lauf, footing, correr, hardlopen, corsa...) or a session only
  runners do (tempo, intervals, fartlek, track, strides, hill repeats, threshold, race,
  5k, 10k, half marathon, marathon, long run, "6x800m"...). A "Daily Sync" or a dentist
  is not an easy run: every other event is skipped and counted by reason ("not running",
  or "another sport" when it names a swim, a ride, the gym...), for the summary. Rest
  days ("Rest day", "Ruhetag", "no run") count as rest. Words that say only how hard
  ("easy", "long", "recovery", "steady") count once a running word is there too.
- Titles are matched on whole words, accents and case ignored, in this order: pace work
  ("marathon pace", "MP") and quality words, then long, easy, race and rest words; a run
  with none of them is long from 90 minutes on, easy below.
- The window is the eight weeks around today: the four before this week and four from its
  Monday on. Only weeks that hold at least one run count. Each weekday gets the kind it
  has most often in those weeks (a day with no event is a rest day); a tie goes to the more
  demanding kind, and a day with two sessions counts as its more demanding one.
- A calendar gives no distances: `weekly_km` is None (unknown) unless runs come with it.

Recorded activities (.fit, .gpx, .tcx)
- Only runs count; anything else (a ride, a swim, a walk) is left out and said so. An
  activity whose file names no sport counts as a run unless it averages more than
  MAX_RUN_KMH, which no runner holds for long.
- Runs from the last RECENT_WEEKS weeks up to today count; older ones are left out and
  said so. When none is that recent (files kept from an older season), the weeks are read
  up to the day of the newest run instead, and a note says so. The same run given twice
  (say as .fit and as .gpx) counts once.
- weekly_km: the distance of those runs over the weeks they cover, at least one: from the
  Monday of the first run's week (or the start of the window) to today. Weeks before the
  first file cannot tell a week off from a week not exported, so they do not count.
- A weekday is a running day when the runner ran on it on at least half of its dates in
  the weeks covered. The long-run day is the weekday that most often holds the week's
  longest run, counting only weeks whose longest run is a long one: LONG_RUN_MARGIN
  longer than the runner's median run, or LONG_RUN_MINUTES or more.
- A run is hard when its average pace is at least HARD_PACE_MARGIN faster than the
  runner's median pace, or its average heart rate is at least HARD_HR_SHARE of the
  highest heart rate seen in the files. Each rule needs MIN_RUNS_TO_COMPARE runs with the
  figures to compare. A running day is a quality day when at least half of its runs were
  hard. Races are not told apart from hard runs: they show as quality days.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from runstrong.domain.athlete import WEEKDAYS, DayKind, Running
from runstrong.domain.errors import InvalidInput
from runstrong.domain.untrusted import plain

# -- defaults -------------------------------------------------------------------------------

RECENT_WEEKS = 6  # activities: the weeks up to today that describe the runner's running now
CALENDAR_WEEKS_EACH_SIDE = 4  # calendars: weeks before this one, and from this one on
LONG_RUN_MINUTES = 90  # a run this long is a long run, whatever its title or distance
LONG_RUN_MARGIN = 0.25  # a week's longest run is a long run when 25 % above the median run
HARD_PACE_MARGIN = 0.08  # a run 8 % faster than the median pace was a hard effort
HARD_HR_SHARE = 0.85  # so was a run averaging 85 % of the highest heart rate seen
MIN_RUNS_TO_COMPARE = 3  # fewer runs than this say nothing about what is fast for the runner
MAX_RUN_KMH = 25.0  # faster on average than any runner: an unlabelled ride
SAME_RUN_SECONDS = 300  # two files starting this close, with about the same distance...
SAME_RUN_DISTANCE = 0.1  # ...(within 10 %) hold the same run

# From the most to the least demanding: a day with two sessions counts as the first.
_DEMAND = (DayKind.RACE, DayKind.QUALITY, DayKind.LONG, DayKind.EASY, DayKind.REST)


# -- records --------------------------------------------------------------------------------


class Sport(StrEnum):
    RUN = "run"
    RIDE = "ride"
    SWIM = "swim"
    OTHER = "other"
    UNKNOWN = "unknown"  # the file does not say


@dataclass(frozen=True, slots=True)
class Activity:
    """One recorded session, as its file summarises it.

    `start` is the local time where the file tells it, else as written (often UTC).
    `sport_name` is the file's own word for the sport, for messages.
    """

    start: dt.datetime
    sport: Sport
    distance_km: float
    duration_s: float
    avg_hr: float | None = None
    max_hr: float | None = None
    source: str = ""
    sport_name: str = ""

    def __post_init__(self) -> None:
        # Words from the runner's file: shown in messages, so no escapes or line breaks.
        object.__setattr__(self, "sport_name", plain(self.sport_name))

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def pace_s_per_km(self) -> float | None:
        if self.distance_km <= 0 or self.duration_s <= 0:
            return None
        return self.duration_s / self.distance_km

    @property
    def speed_kmh(self) -> float | None:
        if self.distance_km <= 0 or self.duration_s <= 0:
            return None
        return self.distance_km / (self.duration_s / 3600)

    @property
    def is_run(self) -> bool:
        if self.sport is Sport.RUN:
            return True
        if self.sport is Sport.UNKNOWN:
            speed = self.speed_kmh
            return speed is None or speed <= MAX_RUN_KMH
        return False

    def label(self) -> str:
        """What the activity is, in words: "a ride (cycling)", "a swim", ..."""
        named = f" ({self.sport_name})" if self.sport_name else ""
        if self.sport is Sport.RIDE:
            return f"a ride{named}"
        if self.sport is Sport.SWIM:
            return f"a swim{named}"
        if self.sport is Sport.OTHER:
            return (
                f"an activity recorded as {self.sport_name!r}" if self.sport_name else "not a run"
            )
        if not self.is_run:
            return f"an activity at {self.speed_kmh or 0:.0f} km/h on average, too fast for a run"
        return "a run"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One occurrence of a calendar event (a recurring event gives one per date)."""

    day: dt.date
    title: str
    duration_min: float | None = None  # None: an all-day event, or no end given
    all_day: bool = False
    source: str = ""
    categories: tuple[str, ...] = ()  # the event's CATEGORIES, e.g. ("Run",)

    def __post_init__(self) -> None:
        # An event's title is the runner's own text (or another program's): it is shown in
        # the notes of `import runs`, so no escapes or line breaks.
        object.__setattr__(self, "title", plain(self.title))


@dataclass(frozen=True, slots=True)
class Inferred:
    """The `running` part of a profile, and what the runner should know about how it was made."""

    running: dict[str, Any]
    notes: tuple[str, ...] = ()


class NotARun(InvalidInput):
    """A file that was read and holds no run (a ride, a swim): left out of a batch, not
    a damaged file."""


def no_run_problem(activities: Sequence[Activity]) -> str:
    """Why a file with no run in it is refused, in words for the runner."""
    if not activities:
        return "it holds no recorded activity"
    kinds = list(dict.fromkeys(a.label() for a in activities))
    what = kinds[0] if len(kinds) == 1 else " and ".join(kinds)
    return f"this is {what}; only runs count, so leave it out"


# -- calendar titles -------------------------------------------------------------------------


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


# Titles are lower-cased and stripped of accents before matching (récupération: recuperation).
# English first; a few German, French and Spanish words that training platforms use too.
_OTHER_SPORT = _words(
    r"swim\w*", "bike", "biking", "ride", "cycl\\w*", "spin", "spinning", "yoga", "pilates",
    "gym", "strength", "weights?", "cross ?-?training", "rowing", "ski", "skiing",
    "elliptical", "walk", "walking", "hike", "hiking", "mobility", "stretch\\w*",
    "schwimmen", "rad", "radfahren", "kraft\\w*", "natation", "velo", "musculation",
    "natacion", "bici", "ciclismo", "gimnasio", "fuerza",
)  # fmt: skip
_RUN_WORD = _words(
    r"run(?:s|ning|ner|ners)?", r"jog(?:s|ging|ger)?", "trailrun(?:s|ning)?", "parkrun",
    r"lauf\w*", "dauerlauf", "waldlauf", "footing", "course a pied", "correr", "trote", "carrera", "hardlopen", "duurloop", "corsa", "shake ?-?out",
)  # fmt: skip
# Sessions only runners do: an event named so is a run even without the word "run".
_RUN_SESSION = _words(
    r"tempo\w*", r"intervals?", "intervalle?", "fartlek", "fahrtspiel", "track", "strides",
    "hill repeats", "hill sprints", "threshold", r"sub ?-?threshold", "vo2 ?max", "vo2",
    "fractionne", "seuil", "vma", "race", "races", "racing", "5 ?k", "10 ?k", "half marathon",
    "halfmarathon", "halbmarathon", r"\w*marathon", "long run", "longrun", "lsd",
    "long slow distance", "sortie longue", "tirada larga", "wettkampf", "wedstrijd",
    r"\d+ ?x ?\d+(?:[.,]\d+)? ?(?:m|km|mi|k)", r"(?:race|marathon|goal|threshold|tempo) pace",
)  # fmt: skip
_PACE_WORK = _words(
    r"(?:race|marathon|half marathon|halbmarathon|10 ?k|5 ?k|goal|threshold|tempo) pace",
    "mp", "hmp", "rp",
)  # fmt: skip
_QUALITY = _words(
    r"intervals?", "intervalle?", "tempo", "tempolauf", "threshold", r"sub ?-?threshold",
    "hills?", "hill repeats", "fartlek", "fahrtspiel", "reps", "repeats", "repetitions",
    "track", "vo2", "vo2 ?max", "speed", "speedwork", "progression", "cruise", "lt",
    "schwelle\\w*", r"berg(?:lauf|laufe|sprints?)\w*", "fractionne", "seuil", "vma", "cotes", "umbral",
    "cuestas", r"\d+ ?x ?\d+\w*",
)  # fmt: skip
_LONG = _words(
    "long", "longrun", "lsd", "long slow distance", "langer", "lange", "longue", "larga", "largo"
)
_EASY = _words(
    "easy", "recovery", "recover", "regen", "shake ?-?out", "steady", "aerobic", "base",
    "locker", "lockerer", "dauerlauf", "regeneration", "regenerativ", "erholung", "recup\\w*",
    "suave", "rodaje", "recuperacion",
)  # fmt: skip
_RACE = _words(
    "race", "races", "racing", "parkrun", "5 ?k", "10 ?k", "marathon", "half marathon",
    "halfmarathon", "halbmarathon", "ultramarathon", "competition", "wettkampf", "competicion", "wedstrijd",
)  # fmt: skip
_REST = _words("rest", "rest day", "ruhetag", "repos", "descanso", "rustdag")
_NO_RUN = _words("no run", "no running", "kein lauf", "kein laufen")
_HOURS = re.compile(r"\b(\d+(?:[.,]\d+)?) ?(?:h|hr|hrs|hours?|std|stunden?)(?:(\d{1,2})\b|\b)")
_MINUTES = re.compile(r"\b(\d+) ?(?:min|mins|minutes?|minuten)\b|\b(\d+)'")


def _plain(title: str) -> str:
    text = title.replace("×", "x").replace("’", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9'.,]+", " ", text.lower()).strip()


def minutes_in_title(title: str) -> float | None:
    """A duration written in a title ("Run 1h30", "Easy 45 min", "60'"), the first one found."""
    text = _plain(title)
    hours = _HOURS.search(text)
    if hours:
        return float(hours.group(1).replace(",", ".")) * 60 + float(hours.group(2) or 0)
    minutes = _MINUTES.search(text)
    if minutes:
        return float(minutes.group(1) or minutes.group(2))
    return None


class Skip(StrEnum):
    """Why a calendar event is not counted, as the summary says it."""

    NOT_RUNNING = "not running"
    OTHER_SPORT = "another sport"


def event_kind(
    title: str, duration_min: float | None = None, categories: Sequence[str] = ()
) -> DayKind | Skip:
    """The kind of running day a calendar event stands for, or why it does not count.

    The categories ("Run", "Training") are read with the title: a platform may name a
    session "Easy 45'" and say in its category that it is a run.
    """
    text = _plain(" ".join([title, *categories]))
    if _NO_RUN.search(text):
        return DayKind.REST
    running = bool(_RUN_WORD.search(text))
    if _OTHER_SPORT.search(text) and not running:
        return Skip.OTHER_SPORT
    if not running and not _RUN_SESSION.search(text):
        if _REST.search(text):
            return DayKind.REST
        return Skip.NOT_RUNNING
    if _PACE_WORK.search(text) or _QUALITY.search(text):
        return DayKind.QUALITY
    if _LONG.search(text):
        return DayKind.LONG
    if _EASY.search(text):
        return DayKind.EASY
    if _RACE.search(text):
        return DayKind.RACE
    minutes = duration_min if duration_min is not None else minutes_in_title(title)
    return DayKind.LONG if minutes is not None and minutes >= LONG_RUN_MINUTES else DayKind.EASY


def classify_title(title: str, duration_min: float | None = None) -> DayKind | None:
    """The kind of running day a calendar event stands for; None when it is not a run."""
    kind = event_kind(title, duration_min)
    return None if isinstance(kind, Skip) else kind


# -- the week from a calendar ---------------------------------------------------------------


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def calendar_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a calendar is read over: [first, end), eight whole weeks around today."""
    monday = _monday(today)
    span = dt.timedelta(weeks=CALENDAR_WEEKS_EACH_SIDE)
    return monday - span, monday + span


def _most_common(kinds: Iterable[DayKind]) -> DayKind:
    """The kind seen most often; a tie goes to the more demanding kind."""
    counts = Counter(kinds)
    return max(counts, key=lambda kind: (counts[kind], -_DEMAND.index(kind)))


def _hardest(kinds: Iterable[DayKind]) -> DayKind:
    return min(kinds, key=_DEMAND.index, default=DayKind.REST)


def week_from_calendar(
    entries: Sequence[CalendarEntry], today: dt.date, sources: Sequence[str] = ()
) -> Inferred:
    """The usual week from calendar events in the eight weeks around today.

    `sources` names the calendar files, for a message when none of them has a run in reach.
    """
    first, end = calendar_window(today)
    by_week: dict[dt.date, dict[int, list[DayKind]]] = defaultdict(lambda: defaultdict(list))
    skipped: dict[Skip, list[str]] = defaultdict(list)
    for entry in entries:
        if not first <= entry.day < end:
            continue
        kind = event_kind(entry.title, entry.duration_min, entry.categories)
        if isinstance(kind, Skip):
            skipped[kind].append(entry.title.strip() or "(untitled)")
            continue
        by_week[_monday(entry.day)][entry.day.weekday()].append(kind)
    if not by_week:
        last = end - dt.timedelta(days=1)
        named = list(dict.fromkeys([*sources, *(e.source for e in entries if e.source)]))
        where = ", ".join(named) if named else "calendar"
        problem = (
            f"no running sessions from {first} to {last} (the four weeks before this week "
            f"and the four from it on)"
        )
        if skipped:
            problem += f"; {skipped_summary(skipped)}"
        problem += (
            "; if the plan is from another time, read the weeks around one of its days "
            "with --date YYYY-MM-DD"
        )
        raise InvalidInput(where, problem)
    week = {
        name: _most_common(_hardest(days.get(number, ())) for days in by_week.values())
        for number, name in enumerate(WEEKDAYS)
    }
    sessions = sum(len(kinds) for days in by_week.values() for kinds in days.values())
    notes = [
        f"Read {_count(sessions, 'session')} in {_count(len(by_week), 'week')} "
        f"from {first} to {end - dt.timedelta(days=1)}."
    ]
    if skipped:
        summary = skipped_summary(skipped)
        notes.append(summary[:1].upper() + summary[1:] + ".")
    return Inferred({"weekly_km": None, "week": _checked_week(week)}, tuple(notes))


SHOWN_TITLES = 5  # titles named for each reason in the summary; the rest are counted


def skipped_summary(skipped: Mapping[Skip, Sequence[str]]) -> str:
    """ "12 events skipped: not running (Daily Sync x10, Dentist x2); another sport (Swim x2)"."""
    total = sum(len(titles) for titles in skipped.values())
    parts = [
        f"{reason.value} ({_titles(skipped[reason])})" for reason in Skip if skipped.get(reason)
    ]
    return f"{_count(total, 'event')} skipped: " + "; ".join(parts)


def _titles(titles: Sequence[str]) -> str:
    counted = Counter(titles)
    shown = [title + (f" x{n}" if n > 1 else "") for title, n in counted.most_common(SHOWN_TITLES)]
    more = len(counted) - SHOWN_TITLES
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _count(number: int, word: str, words: str | None = None) -> str:
    return f"{number} {word if number == 1 else words or word + 's'}"


def _sources(activities: Sequence[Activity]) -> str:
    """The files the activities came from, for a message about all of them."""
    names = list(dict.fromkeys(a.source for a in activities if a.source))
    return ", ".join(names) if 0 < len(names) <= 3 else "activities"


# -- the week from recorded runs ------------------------------------------------------------


def _same_run(a: Activity, b: Activity) -> bool:
    if a.start.tzinfo is None or b.start.tzinfo is None:
        apart = abs((a.start.replace(tzinfo=None) - b.start.replace(tzinfo=None)).total_seconds())
    else:
        apart = abs((a.start - b.start).total_seconds())
    longer = max(a.distance_km, b.distance_km)
    close = longer == 0 or abs(a.distance_km - b.distance_km) <= SAME_RUN_DISTANCE * longer
    return apart <= SAME_RUN_SECONDS and close


def _hard_runs(runs: Sequence[Activity], highest_hr: float | None) -> set[int]:
    """Indexes of the runs that were hard efforts for this runner."""
    hard: set[int] = set()
    paces = [p for p in (r.pace_s_per_km for r in runs) if p is not None]
    if len(paces) >= MIN_RUNS_TO_COMPARE:
        median = statistics.median(paces)
        for index, run in enumerate(runs):
            pace = run.pace_s_per_km
            if pace is not None and pace <= median * (1 - HARD_PACE_MARGIN):
                hard.add(index)
    rated = [r for r in runs if r.avg_hr is not None]
    if highest_hr and len(rated) >= MIN_RUNS_TO_COMPARE:
        for index, run in enumerate(runs):
            if run.avg_hr is not None and run.avg_hr >= HARD_HR_SHARE * highest_hr:
                hard.add(index)
    return hard


def _long_run_day(runs: Sequence[Activity]) -> int | None:
    """The weekday (0 = Monday) that most often holds the week's long run."""
    median_km = statistics.median(r.distance_km for r in runs)
    longest: dict[dt.date, Activity] = {}
    for run in runs:
        week = _monday(run.day)
        if week not in longest or run.distance_km > longest[week].distance_km:
            longest[week] = run
    days: Counter[int] = Counter()
    distance: Counter[int] = Counter()
    for run in longest.values():
        if (
            run.distance_km >= (1 + LONG_RUN_MARGIN) * median_km
            or run.duration_s >= LONG_RUN_MINUTES * 60
        ):
            days[run.day.weekday()] += 1
            distance[run.day.weekday()] += round(run.distance_km * 1000)
    if not days:
        return None
    return max(days, key=lambda day: (days[day], distance[day]))


def running_from_activities(activities: Sequence[Activity], today: dt.date) -> Inferred:
    """Weekly kilometres and the usual week from recorded activities."""
    notes: list[str] = []
    others = [a for a in activities if not a.is_run]
    if others:
        listed = "; ".join(f"{a.source or a.day}: {a.label()}" for a in others[:3])
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        notes.append(
            f"Left out {_count(len(others), 'activity', 'activities')} that are not runs: "
            f"{listed}{more}."
        )
    runs: list[Activity] = []
    doubles = 0
    for activity in sorted((a for a in activities if a.is_run), key=lambda a: a.day):
        if any(_same_run(activity, kept) for kept in runs):
            doubles += 1
            continue
        runs.append(activity)
    if doubles:
        notes.append(f"Counted {_count(doubles, 'run')} once that came in two files.")
    if not runs:
        raise InvalidInput(_sources(activities), "none of the files holds a run")

    first_day = today - dt.timedelta(weeks=RECENT_WEEKS) + dt.timedelta(days=1)
    recent = [r for r in runs if first_day <= r.day <= today]
    if not recent:
        # Files from an older season still tell how the runner ran then: read the weeks up
        # to the newest run rather than refuse them, and say so.
        newest = max(r.day for r in runs)
        notes.append(
            f"None of the runs is from the last {RECENT_WEEKS} weeks ({first_day} to {today}): "
            f"read as of {newest}, the day of the newest run. To read them as of another day, "
            "give it with --date YYYY-MM-DD."
        )
        today = newest
        first_day = today - dt.timedelta(weeks=RECENT_WEEKS) + dt.timedelta(days=1)
        recent = [r for r in runs if first_day <= r.day <= today]
    older = [r for r in runs if r.day < first_day]
    later = [r for r in runs if r.day > today]
    if older:
        notes.append(
            f"Left out {_count(len(older), 'run')} from before {first_day}: only the last "
            f"{RECENT_WEEKS} weeks describe how you run now."
        )
    if later:
        notes.append(f"Left out {_count(len(later), 'run')} dated after {today}.")

    # The weeks the files cover: from the Monday of the first recent run's week.
    start = max(first_day, _monday(min(r.day for r in recent)))
    weeks = max(1.0, ((today - start).days + 1) / 7)
    total_km = sum(r.distance_km for r in recent)
    highest = max((r.max_hr or r.avg_hr or 0 for r in runs), default=0) or None
    hard = _hard_runs(recent, highest)

    dates_per_day = Counter(
        (start + dt.timedelta(days=n)).weekday() for n in range((today - start).days + 1)
    )
    run_days: dict[int, set[dt.date]] = defaultdict(set)
    hard_days: dict[int, set[dt.date]] = defaultdict(set)
    for index, run in enumerate(recent):
        run_days[run.day.weekday()].add(run.day)
        if index in hard:
            hard_days[run.day.weekday()].add(run.day)
    long_day = _long_run_day(recent)
    week: dict[str, DayKind] = {}
    for number, name in enumerate(WEEKDAYS):
        ran = len(run_days[number])
        if number == long_day:
            week[name] = DayKind.LONG
        elif ran and ran >= dates_per_day[number] / 2:
            week[name] = DayKind.QUALITY if len(hard_days[number]) >= ran / 2 else DayKind.EASY
        else:
            week[name] = DayKind.REST
    notes.insert(
        0,
        f"Read {_count(len(recent), 'run')}, {total_km:.1f} km from {start} to {today} "
        f"({weeks:.1f} weeks); {_count(len(hard), 'hard effort')} among them.",
    )
    return Inferred(
        {"weekly_km": round(total_km / weeks, 1), "week": _checked_week(week)}, tuple(notes)
    )


def combine(calendar: Inferred | None, activities: Inferred | None) -> Inferred:
    """The week from the calendar (the plan) when there is one, the kilometres from the runs."""
    if calendar is None and activities is None:
        raise InvalidInput("files", "give at least one calendar (.ics) or activity file")
    if calendar is None:
        assert activities is not None
        return _checked(activities)
    if activities is None:
        note = "A calendar gives no distances: weekly_km is left for you (or your profile) to say."
        return _checked(Inferred(calendar.running, (*calendar.notes, note)))
    running = {"weekly_km": activities.running["weekly_km"], "week": calendar.running["week"]}
    note = "The week comes from the calendar, the weekly kilometres from the recorded runs."
    return _checked(Inferred(running, (*calendar.notes, *activities.notes, note)))


def _checked_week(week: dict[str, DayKind]) -> dict[str, str]:
    return {name: DayKind(week[name]).value for name in WEEKDAYS}


def _checked(inferred: Inferred) -> Inferred:
    """The figures as a profile takes them: a weekly distance it accepts."""
    km = inferred.running["weekly_km"]
    try:
        Running.model_validate({"weekly_km": km, "week": inferred.running["week"]})
    except ValidationError:
        raise InvalidInput(
            "weekly_km",
            f"{km} km a week is more than a profile allows (400): check that the files hold "
            "only your own runs",
        ) from None
    return inferred
