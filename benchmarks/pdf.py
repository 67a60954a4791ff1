"""Time and peak memory of `runstrong export pdf`, for a 16-week and a 52-week plan.

    .venv/bin/python benchmarks/pdf.py [--weeks 16,52] [--runs N]

The runner is the bundled intermediate marathoner (three sessions a week, a gym) with the
race moved so the plan runs that many weeks. Each export runs in a fresh process, as a
runner would run it; the figures are the whole command's wall time (start-up, planning,
rendering, writing), its CPU time (user and system: steadier than the wall time when other
work shares the machine), the pages written and the process's peak resident memory; times
are the best of N runs, the one least disturbed. Targets: 16 weeks under 4 s, 52 weeks
under 200 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "runstrong"
    / "examples"
    / "intermediate-marathon-gym.json"
)

# The peak is read from /proc (VmHWM, Linux) as the command exits: getrusage's ru_maxrss
# would also count this process's memory from before the child's exec.
EXPORT = """
import atexit, runpy, sys
from pathlib import Path

def peak():
    status = Path("/proc/self/status").read_text().splitlines()
    kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(f"peak {kb // 1024}", file=sys.stderr)

atexit.register(peak)
sys.argv = ["runstrong", "export", "pdf", "--profile", sys.argv[1], "--out", sys.argv[2]]
runpy.run_module("runstrong", run_name="__main__")
"""


def profile_for(weeks: int) -> dict[str, object]:
    """The example runner with the race placed so the plan runs `weeks` weeks in all."""
    data = json.loads(EXAMPLE.read_text())
    start = dt.date.fromisoformat(data["start_date"])
    # recovery adds two weeks after the race week for a marathon
    data["goal"]["date"] = (start + dt.timedelta(weeks=weeks - 3, days=6)).isoformat()
    return dict(data)


def pages(path: Path) -> str:
    """The page count as poppler's pdfinfo reads it ("?" without poppler-utils)."""
    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return next(line.split()[1] for line in info.stdout.splitlines() if line.startswith("Pages:"))


def export(profile: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident MB of one export in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, str(profile), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak = int(done.stderr.rsplit("peak ", 1)[1].split()[0])
    return took, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", default="16,52", help="plan lengths, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per plan length")
    args = parser.parse_args()
    print(f"{'plan':10} {'pages':>6} {'best s':>7} {'cpu s':>7} {'pages/s':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for weeks in (int(w) for w in args.weeks.split(",")):
            profile = Path(folder) / f"runner-{weeks}.json"
            profile.write_text(json.dumps(profile_for(weeks)))
            out = Path(folder) / f"plan-{weeks}.pdf"
            runs = []
            for _ in range(args.runs):
                out.unlink(missing_ok=True)
                runs.append(export(profile, out))
            took = min(t for t, _, _ in runs)
            cpu = min(c for _, c, _ in runs)
            peak = max(p for _, _, p in runs)
            count = pages(out)
            rate = f"{int(count) / took:8.1f}" if count.isdigit() else f"{'?':>8}"
            print(f"{weeks:>2} weeks   {count:>6} {took:7.2f} {cpu:7.2f} {rate} {peak:8}")


if __name__ == "__main__":
    main()
