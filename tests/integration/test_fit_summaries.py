"""FIT files are read for their summaries only: every message is framed and checksummed by
fitdecode, but only the few messages runstrong keeps have their fields decoded.

The files here are written byte by byte, so each one holds exactly the case it tests.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import fitdecode  # type: ignore[import-untyped, unused-ignore]
import pytest

from runstrong.adapters.imports import activities
from runstrong.adapters.imports.activities import read_activities
from runstrong.domain.errors import InvalidInput

pytestmark = pytest.mark.integration

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
START = dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC)
UINT8, UINT32, ENUM = 0x02, 0x86, 0x00


def fit_seconds(moment: dt.datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def definition(local: int, global_number: int, fields: list[tuple[int, int, int]]) -> bytes:
    """A definition message: (field number, size, base type) for each field."""
    head = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    return head + b"".join(struct.pack("<BBB", *field) for field in fields)


def data(local: int, values: bytes) -> bytes:
    return bytes([local]) + values


def compressed(local: int, moment: int, values: bytes) -> bytes:
    """A data message whose timestamp is in its header: the low 5 bits, counted from the
    last full timestamp (so `moment` must be less than 32 s after it)."""
    return bytes([0x80 | (local << 5) | (moment & 0x1F)]) + values


def fit_file(*messages: bytes) -> bytes:
    body = b"".join(messages)
    head = struct.pack("<BBHI4s", 14, 0x20, 2100, len(body), b".FIT")
    head += struct.pack("<H", fitdecode.utils.compute_crc(head))
    whole = head + body
    return whole + struct.pack("<H", fitdecode.utils.compute_crc(whole))


def run_file(points: int = 90, local_hours: int = 2) -> bytes:
    """A run of `points` seconds: records, a session and an activity message whose time
    comes from the record before it (a compressed timestamp header)."""
    start = fit_seconds(START)
    last = start + points - 1
    messages = [
        definition(0, 0, [(0, 1, ENUM), (4, 4, UINT32)]),  # file_id: type, time_created
        data(0, struct.pack("<BI", 4, start)),  # an activity file
        definition(1, 20, [(253, 4, UINT32), (3, 1, UINT8)]),  # record: timestamp, heart rate
    ]
    messages += [data(1, struct.pack("<IB", start + n, 140 + n % 20)) for n in range(points)]
    messages += [
        # session: start_time, sport, total_timer_time (ms), total_distance (cm)
        definition(2, 18, [(2, 4, UINT32), (5, 1, ENUM), (7, 4, UINT32), (9, 4, UINT32)]),
        data(2, struct.pack("<IBII", start, 1, points * 1000, points * 300)),
        # activity: local_timestamp only; its timestamp comes from the header
        definition(3, 34, [(5, 4, UINT32)]),
        compressed(3, last + 20, struct.pack("<I", last + 20 + local_hours * 3600)),
    ]
    return fit_file(*messages)


def test_the_summary_is_read_and_the_local_time_comes_from_a_compressed_timestamp(
    tmp_path: Path,
) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(run_file(points=90, local_hours=2))
    (run,) = read_activities(path)
    assert run.distance_km == pytest.approx(0.27)
    assert run.duration_s == pytest.approx(90.0)
    # the activity's time is the last record's plus 20 s: right only if the records that
    # were not decoded still moved the clock the compressed header counts from
    assert run.start.utcoffset() == dt.timedelta(hours=2)
    assert run.start == START


def test_records_are_checked_but_their_fields_are_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(run_file(points=5))
    with path.open("rb") as stream:
        reader = activities._SummaryReader(
            stream,
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        )
        frames = [f for f in reader if f.frame_type == fitdecode.FIT_FRAME_DATA]
    names = [frame.name for frame in frames]
    assert names == ["file_id", *["record"] * 5, "session", "activity"]
    assert all(not frame.fields for frame in frames if frame.name == "record")
    assert all(frame.fields for frame in frames if frame.name != "record")


def test_a_changed_byte_in_a_record_that_is_not_decoded_is_still_caught(tmp_path: Path) -> None:
    whole = bytearray(run_file(points=50))
    whole[200] ^= 0x01  # inside the records: a heart rate or a timestamp
    path = tmp_path / "run.fit"
    path.write_bytes(bytes(whole))
    with pytest.raises(InvalidInput, match="its checksum does not match"):
        read_activities(path)
