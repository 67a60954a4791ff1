"""Memory and time of reading runs and calendars, against file size: memory must stay flat.

    .venv/bin/python benchmarks/import_memory.py [--sizes 4,32,120] [--formats gpx,tcx,fit,ics]
    .venv/bin/python benchmarks/import_memory.py --hostile

--hostile reads the hostile files of tests/integration/test_hostile_imports.py instead (a
200-byte FREQ=SECONDLY calendar, 16 MB of repeating events, 1.5 million unknown GPX
elements, a 60 MB attribute, a million-deep nesting...), each in a fresh process with a
20 s limit, and prints the outcome, the time and the peak resident memory.

Writes files of about each size in MB to a temporary folder, reads each in a fresh process
with runstrong's readers, and prints the file size, the points (or events), the reading
time, and the process's peak resident memory against a process that only imported the
readers (the baseline). Flat means the extra memory does not grow with the file.
- GPX and TCX: one run, a point a second with heart rate, written by hand.
- FIT: the same run written with Garmin's SDK encoder (slowly: allow a minute or two), and
  only up to 30 MB, under the reader's ceiling for FIT (32 MB). The reader decodes only the
  summaries; the records are framed and checksummed, so the time still grows with the size
  (about 0.4 s a MB, a third of it the checksum), the memory does not.
- ICS: three weekly runs since 2016 among one-off appointments, eight a day, reaching
  further back the larger the file, up to 60 MB (the ceiling for calendars is 64 MB); read
  over eight weeks of 2021, so the events within reach stay the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

START = dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC)
MB = 1024 * 1024

GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="runstrong benchmark" '
    'xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
    "<trk><type>running</type><trkseg>\n"
)
GPX_POINT = (
    '<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>12.5</ele><time>{time}</time><extensions>'
    "<gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension>"
    "</extensions></trkpt>\n"
)
GPX_TAIL = "</trkseg></trk>\n</gpx>\n"
TCX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
    'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">\n<Activities>'
    '<Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}"><Track>\n'
)
TCX_POINT = (
    "<Trackpoint><Time>{time}</Time><Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees>"
    "<LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position><DistanceMeters>{meters:.1f}"
    "</DistanceMeters><HeartRateBpm><Value>{hr}</Value></HeartRateBpm></Trackpoint>\n"
)
TCX_TAIL = (
    "</Track><TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{meters:.1f}"
    "</DistanceMeters></Lap></Activity></Activities></TrainingCenterDatabase>\n"
)

# The peak is read from /proc (VmHWM, Linux): getrusage's ru_maxrss would also count the
# parent's memory from before the child's exec.
READ = """
import datetime as dt, sys, time
from pathlib import Path
from runstrong.adapters.imports.activities import read_activities
from runstrong.adapters.imports.calendar import read_calendar
path = Path(sys.argv[1])
if path.suffix == ".ics":
    start = time.perf_counter()
    entries = read_calendar(path, dt.date(2021, 5, 3), dt.date(2021, 6, 28))
    took = time.perf_counter() - start
    print(f"{len(entries)} {took:.2f}", end=" ")
elif path.exists():
    start = time.perf_counter()
    (run,) = read_activities(path)
    took = time.perf_counter() - start
    print(f"{run.distance_km:.1f} {took:.2f}", end=" ")
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:")))
"""


def _time(second: int) -> str:
    return (START + dt.timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _where(second: int) -> tuple[float, float]:
    # about 3 m a second northwards, a little east: a steady run
    return 52.0 + second * 0.000027, 13.0 + second * 0.000001


def write_gpx(path: Path, megabytes: int) -> int:
    points = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(GPX_HEAD)
        while out.tell() < megabytes * MB:
            lat, lon = _where(points)
            out.write(GPX_POINT.format(lat=lat, lon=lon, time=_time(points), hr=140 + points % 20))
            points += 1
        out.write(GPX_TAIL)
    return points


def write_tcx(path: Path, megabytes: int) -> int:
    points = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(TCX_HEAD.format(start=_time(0)))
        while out.tell() < megabytes * MB:
            lat, lon = _where(points)
            out.write(
                TCX_POINT.format(
                    time=_time(points), lat=lat, lon=lon, meters=points * 3.0, hr=140 + points % 20
                )
            )
            points += 1
        out.write(TCX_TAIL.format(seconds=points, meters=points * 3.0))
    return points


def write_fit(path: Path, megabytes: int) -> int:
    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    encoder = Encoder()
    encoder.on_mesg(
        numbers["FILE_ID"],
        {"type": "activity", "manufacturer": "development", "product": 0, "time_created": START},
    )
    points = max(1, megabytes * MB // 18)  # a record of these five fields takes 18 bytes
    for second in range(points):
        lat, lon = _where(second)
        encoder.on_mesg(
            numbers["RECORD"],
            {
                "timestamp": START + dt.timedelta(seconds=second),
                "position_lat": round(lat * 2**31 / 180),
                "position_long": round(lon * 2**31 / 180),
                "distance": second * 3.0,
                "heart_rate": 140 + second % 20,
            },
        )
    end = START + dt.timedelta(seconds=points)
    encoder.on_mesg(
        numbers["SESSION"],
        {
            "timestamp": end,
            "start_time": START,
            "sport": "running",
            "total_elapsed_time": float(points),
            "total_timer_time": float(points),
            "total_distance": points * 3.0,
            "avg_heart_rate": 150,
            "max_heart_rate": 159,
        },
    )
    encoder.on_mesg(
        numbers["ACTIVITY"], {"timestamp": end, "num_sessions": 1, "local_timestamp": end}
    )
    path.write_bytes(encoder.close())
    return points


def write_ics(path: Path, megabytes: int) -> int:
    events = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//runstrong benchmark//EN\r\n")
        for title, day in (
            ("Intervals", "20160105"),
            ("Easy 45'", "20160107"),
            ("Long run", "20160110"),
        ):
            out.write(
                f"BEGIN:VEVENT\r\nUID:{title}@bench\r\nDTSTAMP:20160101T000000Z\r\n"
                f"DTSTART;VALUE=DATE:{day}\r\nSUMMARY:{title}\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"
            )
        while out.tell() < megabytes * MB:
            # eight appointments a day, going back in time as the file grows
            day = dt.date(2021, 7, 31) - dt.timedelta(days=events // 8)
            out.write(
                f"BEGIN:VEVENT\r\nUID:appointment-{events}@bench\r\nDTSTAMP:20160101T000000Z\r\n"
                f"DTSTART:{day:%Y%m%d}T090000Z\r\nDTEND:{day:%Y%m%d}T093000Z\r\n"
                f"SUMMARY:Appointment {events}\r\nDESCRIPTION:Somewhere in town\\, "
                "with someone.\r\nEND:VEVENT\r\n"
            )
            events += 1
        out.write("END:VCALENDAR\r\n")
    return events + 3


WRITERS = {"gpx": write_gpx, "tcx": write_tcx, "fit": write_fit, "ics": write_ics}


def measure(path: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def hostile() -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "integration"))
    import test_hostile_imports as files  # type: ignore[import-not-found, unused-ignore]

    print(f"{'hostile file':28} {'size MB':>8} {'outcome':>8} {'read s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        makers = [(f"{k}.ics", v) for k, v in files.CALENDARS.items()]
        makers += [(f"{k}.gpx", v) for k, v in files.RUNS.items()]
        for name, make in makers:
            path = Path(folder) / name
            if isinstance(make, str):
                path.write_text(make, newline="")
            else:
                make(path)
            try:
                out = subprocess.run(
                    [sys.executable, "-c", files.READ, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=20,
                    check=True,
                )
                got = __import__("json").loads(out.stdout)
                row = f"{got['outcome']:>8} {got['seconds']:7.2f} {got['peak']:8}"
            except subprocess.TimeoutExpired:
                row = f"{'hang':>8} {'>20':>7} {'?':>8}"
            size = path.stat().st_size / MB
            print(f"{name:28} {size:8.2f} {row}")
            path.unlink()


def main() -> None:
    if "--hostile" in sys.argv:
        hostile()
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="4,32,120", help="file sizes in MB, comma-separated")
    parser.add_argument("--formats", default="gpx,tcx,fit,ics", help="formats to measure")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        (baseline,) = measure(Path(folder) / "none")
        print(f"baseline (reader imported, nothing read): {baseline} MB peak resident")
        print(
            f"{'file':8} {'size MB':>8} {'points':>10} {'km/occ.':>8} {'read s':>7} {'peak MB':>8}"
        )
        for kind in args.formats.split(","):
            # FIT files and calendars stop just under their ceilings (32 MB and 64 MB)
            top = {"fit": 30, "ics": 60}.get(kind, max(sizes))
            for size in sorted({min(s, top) for s in sizes}):
                path = Path(folder) / f"run-{size}.{kind}"
                points = WRITERS[kind](path, size)
                km, seconds, peak = measure(path)
                actual = path.stat().st_size / MB
                print(f"{kind:8} {actual:8.1f} {points:10} {km:>8} {seconds:>7} {peak:>8}")
                path.unlink()


if __name__ == "__main__":
    main()
