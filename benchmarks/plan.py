"""How fast the plan generator is, against the floor of writing its answer out.

    .venv/bin/python benchmarks/plan.py [--repeat N] [--runs N]

For a 16-week and a 52-week plan (the bundled intermediate marathoner with the race moved),
prints the median time to generate the plan, the median time to serialise the same plan to
JSON with orjson, and their ratio (target: generation within 10x of serialisation). Then
the cold-start wall time of `runstrong plan --profile F --format json` against
`python -c pass`, medians over separate processes (target: within 15x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
from pathlib import Path

import orjson
from timing import median_seconds, process_wall_times

from runstrong.domain.athlete import Profile
from runstrong.domain.generator import generate_plan
from runstrong.library import load_catalog

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "runstrong"
    / "examples"
    / "intermediate-marathon-gym.json"
)


def profile_for(weeks: int) -> dict[str, object]:
    """The example runner with the race placed so the plan runs `weeks` weeks in all."""
    data = json.loads(EXAMPLE.read_text())
    start = dt.date.fromisoformat(data["start_date"])
    # recovery adds two weeks after the race week for a marathon
    data["goal"]["date"] = (start + dt.timedelta(weeks=weeks - 3, days=6)).isoformat()
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50, help="timings per in-process measurement")
    parser.add_argument("--runs", type=int, default=20, help="processes per cold-start measurement")
    args = parser.parse_args()
    catalog = load_catalog()

    print(
        f"{'plan':10} {'items':>7} {'generate ms':>12} {'orjson ms':>10} {'ratio':>7}  (target <= 10x)"
    )
    for weeks in (16, 52):
        profile = Profile.model_validate(profile_for(weeks))
        plan = generate_plan(profile, catalog)
        assert len(plan.weeks) == weeks, len(plan.weeks)
        items = sum(len(s.items()) for s in plan.sessions())
        generate = median_seconds(lambda p=profile: generate_plan(p, catalog), args.repeat)
        serialise = median_seconds(
            lambda p=plan: orjson.dumps(p, option=orjson.OPT_INDENT_2), args.repeat
        )
        print(
            f"{weeks:>2} weeks   {items:>7} {generate * 1000:12.2f} {serialise * 1000:10.3f} {generate / serialise:6.1f}x"
        )

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(profile_for(16), handle)
    baseline = statistics.median(process_wall_times([sys.executable, "-c", "pass"], args.runs))
    command = [
        sys.executable,
        "-m",
        "runstrong",
        "plan",
        "--profile",
        handle.name,
        "--format",
        "json",
    ]
    cold = statistics.median(process_wall_times(command, args.runs))
    Path(handle.name).unlink()
    print(f"\n{'python -c pass':44} {baseline * 1000:8.1f} ms")
    print(
        f"{'runstrong plan --profile F --format json':44} {cold * 1000:8.1f} ms  {cold / baseline:5.1f}x  (target <= 15x)"
    )


if __name__ == "__main__":
    main()
