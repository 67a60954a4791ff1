"""Recorded activities (.fit, .gpx, .tcx) read into `Activity` records, as a stream.

- FIT: fitdecode hands over one message at a time and keeps none; only the summaries are
  kept (file_id, session, activity), and only they have their fields decoded: the records
  (a watch writes one a second) are framed and checksummed by fitdecode, then passed over.
  The file's checksum is checked, so a damaged or cut-off file is refused instead of half
  read. One activity per session (a triathlon file gives its swim, ride and run). The
  local time comes from the activity message.
- GPX and TCX: expat, fed 64 KB at a time, with no tree: only the open elements' names and
  the first characters of their text are held, so memory is flat whatever the elements
  (unknown ones, huge attributes, deep nesting: over 100 deep, or one tag or comment over
  4 MB, is refused). gpxpy and tcxreader would build the whole file
  in memory. GPX distance uses gpxpy's own point-to-point formula, so it matches gpxpy's
  `length_2d`; duration is the time from the first to the last point of each segment.
  TCX figures come from the laps' totals, as the device wrote them.
- The sport comes from the FIT session, the TCX `Sport` attribute or the GPX track
  `<type>`; a file that holds no run is refused.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat
from xml.parsers.expat import errors as expat_errors

import fitdecode  # type: ignore[import-untyped, unused-ignore]
from gpxpy.geo import distance as gpx_distance

from runstrong.adapters.files import shown
from runstrong.adapters.imports import MAX_ACTIVITY_BYTES, checked_size
from runstrong.domain.errors import InvalidInput
from runstrong.domain.running import Activity, NotARun, Sport, no_run_problem


def read_activities(path: Path) -> list[Activity]:
    """Every activity in the file (at least one of them a run), or InvalidInput."""
    suffix = path.suffix.lower()
    if suffix not in MAX_ACTIVITY_BYTES:
        raise InvalidInput(path.name, "not an activity file; give .fit, .gpx or .tcx files")
    checked_size(path, MAX_ACTIVITY_BYTES[suffix], "an activity file")
    try:
        with path.open("rb") as stream:
            if suffix == ".fit":
                activities = _read_fit(stream, path.name)
            elif suffix == ".gpx":
                activities = _read_gpx(stream, path.name)
            else:
                activities = _read_tcx(stream, path.name)
    except OSError as exc:
        raise InvalidInput(path.name, f"cannot be read ({exc.strerror or exc})") from None
    if not any(a.is_run for a in activities):
        raise NotARun(path.name, no_run_problem(activities))
    return activities


def sport_of(word: str | None) -> Sport:
    """The sport a file names, in any of the usual spellings (running, Run, trail_running...)."""
    if word is None or not word.strip():
        return Sport.UNKNOWN
    text = word.strip().lower()
    if text == "9":  # Strava's GPX exports number their types: 9 is a run
        return Sport.RUN
    if "run" in text or text in ("jogging", "treadmill", "trail"):
        return Sport.RUN
    if any(part in text for part in ("cycl", "bik", "ride", "velo")):
        return Sport.RIDE
    if "swim" in text:
        return Sport.SWIM
    if text in ("generic", "unknown", "none", "all"):
        return Sport.UNKNOWN
    return Sport.OTHER


def _moment(text: str | None, name: str) -> dt.datetime | None:
    """An ISO 8601 time as written; one without an offset is taken as UTC."""
    if text is None or not text.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(name, f"{shown(text.strip())} is not a date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None  # no NaN or inf


# -- FIT ------------------------------------------------------------------------------------

_SESSION_FIELDS = (
    "sport",
    "sub_sport",
    "start_time",
    "timestamp",
    "total_distance",
    "total_timer_time",
    "total_elapsed_time",
    "avg_heart_rate",
    "max_heart_rate",
)
_MAX_OFFSET = dt.timedelta(hours=14)

# The messages whose fields are decoded: the three summaries, and the two that declare
# developer fields (fitdecode needs them to read later definitions).
_DECODED = frozenset(
    {
        fitdecode.profile.MESG_NUM_FILE_ID,
        18,  # session
        34,  # activity
        fitdecode.profile.MESG_NUM_DEVELOPER_DATA_ID,
        fitdecode.profile.MESG_NUM_FIELD_DESCRIPTION,
    }
)
_TIMESTAMP = fitdecode.profile.FIELD_NUM_TIMESTAMP
_INVALID_TIMESTAMP = 0xFFFFFFFF


@dataclass(slots=True)
class _Skipped:
    """How to pass over the data messages of one definition without decoding them."""

    definition: Any
    size: int  # bytes of the message after its header
    timestamp: struct.Struct | None  # reads the message's own timestamp, if it has one
    timestamp_at: int
    message: Any  # the one empty message handed on for each of them


class _SummaryReader(fitdecode.FitReader):  # type: ignore[misc]
    """fitdecode's reader, decoding the fields of the summaries only.

    fitdecode (0.11) decodes every field of every message, with no option to leave a kind of
    message out; decoding the records is nearly all of a file's reading time. So this
    reader takes over the one step that decodes a data message: for a message it does not
    keep it reads the bytes through fitdecode (which frames them, counts them and adds them
    to the checksum) and hands on an empty message. It still follows the message's
    timestamp, because a later summary may give its time as seconds after it (a
    compressed timestamp header). The step is fitdecode's own private method, so the
    version is pinned in pyproject.toml and tests/integration/test_fit_summaries.py checks
    that records come out undecoded.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._skipped: dict[int, _Skipped] = {}

    def _read_definition_message(self, header_chunk: bytes, record_header: Any) -> Any:
        definition = super()._read_definition_message(header_chunk, record_header)
        local = record_header.local_mesg_num
        if definition.global_mesg_num in _DECODED:
            self._skipped.pop(local, None)
            return definition
        size = 0
        timestamp: struct.Struct | None = None
        timestamp_at = 0
        for field in definition.field_defs:
            if field.def_num == _TIMESTAMP and field.size == 4:
                timestamp = struct.Struct(f"{definition.endian}I")
                timestamp_at = size
            size += field.size
        size += sum(field.size for field in definition.dev_field_defs)
        empty = fitdecode.FitDataMessage(
            record_header.is_developer_data, local, None, definition, [], None
        )
        self._skipped[local] = _Skipped(definition, size, timestamp, timestamp_at, empty)
        return definition

    def _read_data_message(self, header_chunk: bytes, record_header: Any) -> Any:
        skipped = self._skipped.get(record_header.local_mesg_num)
        # a new FIT file in the same stream starts its definitions afresh
        if skipped is None or self._local_mesg_defs.get(skipped.message.local_mesg_num) is not (
            skipped.definition
        ):
            return super()._read_data_message(header_chunk, record_header)
        if skipped.size:
            chunk = self._read_bytes(skipped.size)
            if skipped.timestamp is not None:
                (moment,) = skipped.timestamp.unpack_from(chunk, skipped.timestamp_at)
                if moment != _INVALID_TIMESTAMP:
                    self._last_timestamp = moment
                    self._compressed_ts_accumulator = moment
        if record_header.time_offset is not None:
            self._compressed_ts_accumulator = self._apply_compressed_accumulation(
                record_header.time_offset, self._compressed_ts_accumulator, 5
            )
        return skipped.message


def _read_fit(stream: IO[bytes], name: str) -> list[Activity]:
    file_type: object = None
    created: dt.datetime | None = None
    sessions: list[dict[str, Any]] = []
    offset: dt.timedelta | None = None
    try:
        reader = _SummaryReader(
            stream,
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        )
        for frame in reader:
            # a message passed over has no fields: most of them, so that test comes first
            if frame.frame_type != fitdecode.FIT_FRAME_DATA or not frame.fields:
                continue
            kind = frame.name
            if kind == "file_id":
                file_type = frame.get_value("type", fallback=None)
                created = frame.get_value("time_created", fallback=None)
            elif kind == "session":
                sessions.append({f: frame.get_value(f, fallback=None) for f in _SESSION_FIELDS})
            elif kind == "activity":
                utc = frame.get_value("timestamp", fallback=None)
                local = frame.get_value("local_timestamp", fallback=None)
                if isinstance(utc, dt.datetime) and isinstance(local, dt.datetime):
                    offset = local - utc
    except fitdecode.FitHeaderError:
        raise InvalidInput(name, "not a FIT file (its header is not a FIT header)") from None
    except fitdecode.FitEOFError:
        raise InvalidInput(
            name, "the file stops part-way through: it looks cut off; export it again"
        ) from None
    except fitdecode.FitCRCError:
        raise InvalidInput(
            name, "the file is damaged (its checksum does not match); export it again"
        ) from None
    except (
        fitdecode.FitError,
        AssertionError,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        struct.error,
    ):
        # fitdecode's own errors, and what its decoding raises on bytes it cannot make sense of
        raise InvalidInput(
            name, "the file is damaged and cannot be decoded; export it again"
        ) from None
    if file_type not in (None, "activity"):
        raise InvalidInput(
            name,
            f"this is a FIT {file_type} file, not a recorded activity; export the activity itself",
        )
    if not sessions:
        raise InvalidInput(
            name,
            "the file has no session summary (a watch writes one when the activity is saved); "
            "export the saved activity",
        )
    if offset is not None and abs(offset) > _MAX_OFFSET:
        offset = None
    return [_fit_activity(s, created, offset, name) for s in sessions]


def _fit_activity(
    session: dict[str, Any], created: dt.datetime | None, offset: dt.timedelta | None, name: str
) -> Activity:
    start = session["start_time"] or created
    if not isinstance(start, dt.datetime):
        raise InvalidInput(name, "the activity has no start time")
    if offset is not None:
        start = start.astimezone(dt.timezone(offset))
    sport = session["sport"]
    sub_sport = session["sub_sport"]
    sport_name = str(sport) if sport is not None else ""
    if sub_sport not in (None, "generic") and sport_name:
        sport_name += f"/{sub_sport}"
    seconds = session["total_timer_time"] or session["total_elapsed_time"] or 0.0
    return Activity(
        start=start,
        sport=sport_of(str(sport)) if isinstance(sport, str) else Sport.UNKNOWN,
        distance_km=float(session["total_distance"] or 0.0) / 1000,
        duration_s=float(seconds),
        avg_hr=_hr(session["avg_heart_rate"]),
        max_hr=_hr(session["max_heart_rate"]),
        source=name,
        sport_name=sport_name,
    )


def _hr(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and 20 <= value <= 260 else None


# -- XML (GPX and TCX) ----------------------------------------------------------------------


def _local(tag: str) -> str:
    """The tag without its namespace: files differ in prefixes (gpxtpx:, ns3:) and versions."""
    return tag.rpartition("}")[2]


# Bounds that keep an XML file's cost flat: the file goes to expat 64 KB at a time and no
# tree is built, only the open elements' names and the first characters of their text.
MAX_DEPTH = 100  # a GPX or TCX file nests about 8 deep
MAX_TOKEN_BYTES = 4 * 1024 * 1024  # one tag, comment or attribute; expat holds it whole
_CHUNK = 64 * 1024
_TEXT_KEPT = 256  # of an element's text: times, numbers and sport names are shorter


@dataclass(slots=True)
class _Open:
    tag: str
    attrs: dict[str, str]
    text: list[str]
    size: int = 0


def _events(
    stream: IO[bytes], name: str, root: str, kind: str
) -> Iterator[tuple[str, str, _Open, tuple[str, ...]]]:
    """(event, tag, element, ancestors) as the file is read: ancestors are the tags of the
    parent and grandparent, the parent last.

    An element's text (its first characters) is there at its end. Nothing is kept once an
    element ends, so memory stays flat whatever the file holds.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[_Open] = []
    pending: list[tuple[str, _Open, tuple[str, ...]]] = []
    fed = seen = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal seen
        seen = fed
        if len(stack) >= MAX_DEPTH:
            raise InvalidInput(
                name,
                f"the file's elements are nested more than {MAX_DEPTH} deep; not a {kind} file",
            )
        element = _Open(_local(tag), attrs, [])
        if not stack and element.tag != root:
            raise InvalidInput(
                name, f"not a {kind} file: it starts with <{shown(element.tag)[1:-1]}>"
            )
        pending.append(("start", element, _above(stack)))
        stack.append(element)

    def end(tag: str) -> None:
        nonlocal seen
        seen = fed
        element = stack.pop()
        pending.append(("end", element, _above(stack)))

    def text(data: str) -> None:
        nonlocal seen
        seen = fed
        if stack and stack[-1].size < _TEXT_KEPT:
            stack[-1].text.append(data[:_TEXT_KEPT])
            stack[-1].size += len(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        while True:
            chunk = stream.read(_CHUNK)
            fed += len(chunk)
            parser.Parse(chunk, not chunk)
            if fed - seen > MAX_TOKEN_BYTES:
                raise InvalidInput(
                    name,
                    f"the file has a tag, comment or attribute longer than "
                    f"{MAX_TOKEN_BYTES // (1024 * 1024)} MB; not a {kind} file a device wrote",
                )
            for event, element, ancestors in pending:
                yield event, element.tag, element, ancestors
            pending.clear()
            if not chunk:
                break
    except expat.ExpatError as error:
        line, column = error.lineno, error.offset
        if error.code in (
            expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS],
            expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN],
            expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR],
        ):
            problem = f"the file stops part-way through (line {line}): it looks cut off"
        else:
            problem = f"not well-formed XML (the first fault is at line {line}, column {column})"
        raise InvalidInput(name, problem) from None
    except (LookupError, ValueError):  # <?xml encoding="..."?> names one Python lacks
        raise InvalidInput(
            name, "the file declares a text encoding that cannot be read; export it again"
        ) from None


_NONE: tuple[str, ...] = ()


def _above(stack: list[_Open]) -> tuple[str, ...]:
    if len(stack) > 1:
        return (stack[-2].tag, stack[-1].tag)
    return (stack[0].tag,) if stack else _NONE


def _text(element: _Open) -> str:
    return "".join(element.text)[:_TEXT_KEPT]


def _parent(ancestors: tuple[str, ...], *tags: str) -> bool:
    """Whether the nearest ancestors are these tags, the parent first."""
    if len(ancestors) < len(tags):
        return False
    return all(ancestors[-1 - n] == tag for n, tag in enumerate(tags))


@dataclass(slots=True)
class _Point:
    """What a track point (GPX) or lap (TCX) holds, gathered as its elements end."""

    attrs: dict[str, str]
    values: dict[str, str]


@dataclass(slots=True)
class _Track:
    """Running totals of one GPX track, one point at a time."""

    sport_name: str = ""
    start: dt.datetime | None = None
    meters: float = 0.0
    seconds: float = 0.0
    points: int = 0
    hr_sum: float = 0.0
    hr_count: int = 0
    hr_max: float | None = None
    last: tuple[float, float] | None = None
    segment_start: dt.datetime | None = None
    segment_end: dt.datetime | None = None

    def new_segment(self) -> None:
        self.close_segment()
        self.last = None

    def close_segment(self) -> None:
        if self.segment_start is not None and self.segment_end is not None:
            self.seconds += max(0.0, (self.segment_end - self.segment_start).total_seconds())
        self.segment_start = self.segment_end = None

    def add(self, point: _Point, name: str) -> None:
        lat = _number(point.attrs.get("lat"))
        lon = _number(point.attrs.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidInput(name, "a track point has no valid latitude and longitude")
        if self.last is not None:
            self.meters += gpx_distance(lat, lon, None, self.last[0], self.last[1], None)
        self.last = (lat, lon)
        self.points += 1
        moment = _moment(point.values.get("time"), name)
        heart_rate = _hr(_number(point.values.get("hr")))
        if moment is not None:
            self.start = moment if self.start is None else min(self.start, moment)
            self.segment_start = self.segment_start or moment
            self.segment_end = moment
        if heart_rate is not None:
            self.hr_sum += heart_rate
            self.hr_count += 1
            self.hr_max = max(self.hr_max or 0.0, heart_rate)


def _read_gpx(stream: IO[bytes], name: str) -> list[Activity]:
    activities: list[Activity] = []
    track: _Track | None = None
    point: _Point | None = None
    untimed = waypoints = routes = 0
    for event, tag, element, ancestors in _events(stream, name, "gpx", "GPX"):
        if event == "start":
            if tag == "trk":
                track = _Track()
            elif tag == "trkseg" and track is not None:
                track.new_segment()
            elif tag == "trkpt" and track is not None:
                point = _Point(element.attrs, {})
            continue
        if point is not None and tag != "trkpt":
            if tag == "time":
                point.values.setdefault("time", _text(element))  # the first time in the point
            elif tag in ("hr", "heartrate"):
                point.values["hr"] = _text(element)  # the last heart rate
            continue
        if track is not None and tag == "trkpt" and point is not None:
            track.add(point, name)
            point = None
        elif track is not None and tag == "type" and _parent(ancestors, "trk"):
            track.sport_name = _text(element).strip()
        elif track is not None and tag == "trk":
            track.close_segment()
            if track.points and track.start is None:
                untimed += 1
            elif track.start is not None:
                activities.append(
                    Activity(
                        start=track.start,
                        sport=sport_of(track.sport_name),
                        distance_km=track.meters / 1000,
                        duration_s=track.seconds,
                        avg_hr=round(track.hr_sum / track.hr_count, 1) if track.hr_count else None,
                        max_hr=track.hr_max,
                        source=name,
                        sport_name=track.sport_name,
                    )
                )
            track = None
        elif tag == "wpt":
            waypoints += 1
        elif tag == "rte":
            routes += 1
    if not activities:
        raise InvalidInput(name, _no_track(untimed, waypoints, routes))
    return activities


def _no_track(untimed: int, waypoints: int, routes: int) -> str:
    if untimed:
        return "its track has no times, so the day and pace of the run are unknown"
    if routes:
        return "it holds a planned route, not a recorded run"
    if waypoints:
        return "it holds only waypoints, no recorded track"
    return "it holds no recorded track"


@dataclass(slots=True)
class _Session:
    """Running totals of one TCX activity, one lap at a time."""

    sport_name: str = ""
    start: dt.datetime | None = None
    meters: float = 0.0
    seconds: float = 0.0
    hr_weighted: float = 0.0
    hr_seconds: float = 0.0
    hr_max: float | None = None
    laps: int = 0
    # from the track points, for laps that leave a total out
    point_meters: float | None = None
    first_point: dt.datetime | None = None
    last_point: dt.datetime | None = None
    point_hr_sum: float = 0.0
    point_hr_count: int = 0

    def add_point(self, point: _Point, name: str) -> None:
        moment = _moment(point.values.get("Time"), name)
        if moment is not None:
            self.first_point = self.first_point or moment
            self.last_point = moment
        meters = _number(point.values.get("DistanceMeters"))
        if meters is not None:
            self.point_meters = max(self.point_meters or 0.0, meters)
        heart_rate = _hr(_number(point.values.get("HeartRateBpm")))
        if heart_rate is not None:
            self.point_hr_sum += heart_rate
            self.point_hr_count += 1
            self.hr_max = max(self.hr_max or 0.0, heart_rate)

    def add_lap(self, lap: _Point, name: str) -> None:
        self.laps += 1
        self.start = self.start or _moment(lap.attrs.get("StartTime"), name)
        seconds = _number(lap.values.get("TotalTimeSeconds")) or 0.0
        self.seconds += max(0.0, seconds)
        self.meters += max(0.0, _number(lap.values.get("DistanceMeters")) or 0.0)
        average = _hr(_number(lap.values.get("AverageHeartRateBpm")))
        if average is not None and seconds > 0:
            self.hr_weighted += average * seconds
            self.hr_seconds += seconds
        highest = _hr(_number(lap.values.get("MaximumHeartRateBpm")))
        if highest is not None:
            self.hr_max = max(self.hr_max or 0.0, highest)

    def activity(self, name: str) -> Activity:
        start = self.start or self.first_point
        if start is None:
            raise InvalidInput(name, "the activity has no start time")
        seconds = self.seconds
        if not seconds and self.first_point and self.last_point:
            seconds = (self.last_point - self.first_point).total_seconds()
        if self.hr_seconds:
            average: float | None = round(self.hr_weighted / self.hr_seconds, 1)
        elif self.point_hr_count:
            average = round(self.point_hr_sum / self.point_hr_count, 1)
        else:
            average = None
        return Activity(
            start=start,
            sport=sport_of(self.sport_name),
            distance_km=(self.meters or self.point_meters or 0.0) / 1000,
            duration_s=seconds,
            avg_hr=average,
            max_hr=self.hr_max,
            source=name,
            sport_name=self.sport_name,
        )


_POINT_VALUES = {"Time", "DistanceMeters"}
_LAP_VALUES = {"TotalTimeSeconds", "DistanceMeters"}
_HEART_RATES = {"HeartRateBpm", "AverageHeartRateBpm", "MaximumHeartRateBpm"}


def _read_tcx(stream: IO[bytes], name: str) -> list[Activity]:
    activities: list[Activity] = []
    session: _Session | None = None
    point: _Point | None = None
    lap: _Point | None = None
    planned = 0
    for event, tag, element, ancestors in _events(stream, name, "TrainingCenterDatabase", "TCX"):
        if event == "start":
            if tag == "Activity":
                session = _Session(sport_name=(element.attrs.get("Sport") or "").strip())
            elif tag == "Trackpoint" and session is not None:
                point = _Point(element.attrs, {})
            elif tag == "Lap" and session is not None:
                lap = _Point(element.attrs, {})
            continue
        # a value is its element's first: the first child of that name, as the device wrote it
        if point is not None and tag in _POINT_VALUES and _parent(ancestors, "Trackpoint"):
            point.values.setdefault(tag, _text(element))
        elif (
            point is not None
            and tag == "Value"
            and _parent(ancestors, "HeartRateBpm", "Trackpoint")
        ):
            point.values.setdefault("HeartRateBpm", _text(element))
        elif lap is not None and tag in _LAP_VALUES and _parent(ancestors, "Lap"):
            lap.values.setdefault(tag, _text(element))
        elif (
            lap is not None
            and tag == "Value"
            and len(ancestors) >= 2
            and ancestors[-1] in _HEART_RATES
            and ancestors[-2] == "Lap"
        ):
            lap.values.setdefault(ancestors[-1], _text(element))
        elif session is not None and tag == "Trackpoint" and point is not None:
            session.add_point(point, name)
            point = None
        elif session is not None and tag == "Lap" and lap is not None:
            session.add_lap(lap, name)
            lap = None
        elif session is not None and tag == "Id" and _parent(ancestors, "Activity"):
            session.start = _moment(_text(element), name) or session.start
        elif session is not None and tag == "Activity":
            activities.append(session.activity(name))
            session = None
        elif tag in ("Course", "Workout"):
            planned += 1
    if not activities:
        problem = (
            "it holds a planned workout or course, not a recorded activity"
            if planned
            else "it holds no recorded activity"
        )
        raise InvalidInput(name, problem)
    return activities
