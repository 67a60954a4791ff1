"""`runstrong replan --all`: every runner of the database re-planned by the library now
installed (nightly, or after an upgrade), in worker processes, with progress on stderr.

On a terminal the progress is a bar; otherwise (a log file, cron, systemd) a plain line
every few seconds. A runner that cannot be re-planned is named with the reason as soon as
it is met, and the run goes on. The last line sums it up. Exit codes: 0 done, 1 some
runners failed, 130 stopped by Ctrl-C (a new run does the rest).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from runstrong.services.fleet import PageDone, Tally

PLAIN_LINE_SECONDS = 5.0  # how often a plain progress line is written without a terminal


def replan(
    every: Annotated[
        bool, typer.Option("--all", help="re-plan every runner in the database (required)")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=0, max=256, help="worker processes (default: the CPU count; 0: this process)"
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="re-plan even the runners whose plan is up to date"),
    ] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(min=1, max=10_000, help="runners read from the database at a time (100)"),
    ] = None,
) -> None:
    """Re-plan every runner from their latest profile with the library now installed
    (a runner whose plan it already made is skipped; a stopped run picks up where it was)."""
    if not every:
        from runstrong.domain.errors import InvalidInput

        raise InvalidInput(
            "--all",
            "say --all to re-plan every runner; one runner's plan is remade by "
            "`runstrong init --profile FILE`",
        )
    from runstrong.config import database_url
    from runstrong.entrypoints import log_commands
    from runstrong.library.fingerprint import library_fingerprint
    from runstrong.services import fleet

    count = workers if workers is not None else (os.cpu_count() or 1)
    shown = _Progress()
    try:
        tally = fleet.replan_all(
            database_url(),
            library_fingerprint(),
            log_commands.day(None),
            log_commands.now(),
            workers=count,
            force=force,
            page_size=batch_size or fleet.BATCH_SIZE,
            progress=shown.page,
        )
    finally:
        shown.close()
    _say(summary(tally))
    if tally.interrupted:
        _say("Stopped before the end: run `runstrong replan --all` again to do the rest.")
        raise typer.Exit(130)
    if tally.failed:
        s = "" if tally.failed == 1 else "s"
        _say(f"{tally.failed:,} runner{s} could not be re-planned (named above).")
        raise typer.Exit(1)


def summary(tally: Tally) -> str:
    """The last line: "Re-planned 9,950 runners, skipped 50, failed 0, in 4 min 12 s"."""
    s = "" if tally.replanned == 1 else "s"
    return (
        f"Re-planned {tally.replanned:,} runner{s}, skipped {tally.skipped:,}, "
        f"failed {tally.failed:,}, in {_duration(tally.seconds)}."
    )


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class _Progress:
    """A Rich bar on a terminal, plain lines every few seconds otherwise; failures as
    lines of their own either way."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._last_line = -PLAIN_LINE_SECONDS  # the first page is shown at once: it started
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("Re-planning"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self._bar.start()

    def page(self, tally: Tally, page: PageDone) -> None:
        for failure in page.failures:
            self._line(f"runner {failure.runner} not re-planned: {failure.reason}")
        if self._bar is not None:
            if self._task is None:
                self._task = self._bar.add_task("replan", total=tally.runners, failed=0)
            self._bar.update(self._task, completed=tally.done, failed=tally.failed)
            return
        moment = time.monotonic()
        if moment - self._last_line >= PLAIN_LINE_SECONDS:
            self._last_line = moment
            share = 100 * tally.done / tally.runners if tally.runners else 100
            self._line(
                f"{tally.done:,} of {tally.runners:,} runners ({share:.0f}%): "
                f"{tally.replanned:,} re-planned, {tally.skipped:,} skipped, "
                f"{tally.failed:,} failed, {_duration(tally.seconds)}"
            )

    def _line(self, text: str) -> None:
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(text))  # reasons are text, never Rich markup
        else:
            _say(text)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
