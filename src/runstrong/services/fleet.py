"""Re-planning every runner of a database (`runstrong replan --all`), for a server after
a library upgrade: each runner's latest stored profile becomes a new plan made by the
library now installed, stored as `training.init_runner` stores one (taking over from
today; what was planned and logged before stays).

How it scales: the parent reads the runner ids a page at a time (keyset pagination on
`runners.id`) and hands each page to a pool of worker processes, never more than a few
pages ahead of them, so no process ever holds all the ids or more than one runner's plan.
Making a plan is CPU-bound Python, hence processes rather than threads.

How it is safe to stop and to run again: each runner's re-plan is one transaction, and
each stored plan carries what it was made from (`made_with`: the library's fingerprint and
the profile's version; `training.stamped`). A runner whose newest plan already has the
current library and their latest profile version is skipped, so a run after an
interrupted one does only the runners not yet done. When stopping, the workers finish the
runner in hand and take no other.

Nothing here knows about terminals: progress goes to a callback, once per page.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runstrong.domain.errors import RunstrongError, StorageUnavailable
from runstrong.domain.ports import PlanStamp

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

    from runstrong.domain.catalog import Catalog

BATCH_SIZE = 100  # runners a page: one query for their stamps, and a progress step
# Pages handed out ahead of the workers: enough that none waits for the next page, few
# enough that the parent's memory does not grow with the number of runners.
PAGES_AHEAD_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class Failure:
    runner: int
    reason: str


@dataclass(frozen=True, slots=True)
class PageDone:
    """One page's outcome, as a worker sends it back."""

    replanned: int
    skipped: int
    failures: tuple[Failure, ...]
    stopped: bool  # left part-way because the run is stopping; the rest is not done
    peak_kib: int  # the worker's peak resident memory so far (0 where it is not known)


@dataclass(slots=True)
class Tally:
    runners: int  # runners in the database when the run began
    replanned: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False  # stopped before the last page
    worker_peak_kib: int = 0  # the largest worker's peak resident memory
    seconds: float = 0.0
    first_failures: list[Failure] = field(default_factory=list)  # at most FAILURES_KEPT

    @property
    def done(self) -> int:
        return self.replanned + self.skipped + self.failed


FAILURES_KEPT = 20  # each failure goes to the callback as it comes; the tally keeps a few


class RunnerFailed(RunstrongError):
    """One runner could not be re-planned; the run goes on without them."""

    exit_code = 1


class WorkerLost(RunstrongError):
    """A worker process ended without a word (killed, or out of memory)."""

    exit_code = 1

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        super().__init__(
            f"a worker process ended unexpectedly (killed, or out of memory) after "
            f"{tally.done:,} of {tally.runners:,} runners; the runner it had in hand was "
            "rolled back. Run `runstrong replan --all` again to do the rest."
        )


def up_to_date(stamp: PlanStamp, library: str) -> bool:
    """Whether the runner's newest plan was made by this library from their latest profile."""
    return (
        stamp.latest_profile is not None
        and stamp.plan_profile == stamp.latest_profile
        and stamp.library == library
    )


def runner_pages(url: str, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Every runner id, `size` at a time in id order, each page one short query (keyset:
    `id > last LIMIT size`), so nothing holds a transaction open between pages."""
    from runstrong.adapters.db import connect

    after = 0
    while True:
        with connect(url) as uow:
            page = uow.repo.runner_ids_after(after, size)
        if not page:
            return
        yield page
        after = page[-1]


def replan_runner(
    url: str,
    runner_id: int,
    catalog: Catalog,
    library: str,
    today: dt.date,
    now: dt.datetime,
    force: bool = False,
) -> bool:
    """Re-plan one runner from their latest stored profile in one transaction; False when
    there was nothing to do (no profile, or already made by this library from it).

    The plan is made before the write lock is taken (it takes tens of milliseconds, and
    on SQLite the lock is the whole database's); under the lock the stamp is read again,
    so a runner done meanwhile (another run, or their own new profile) is left alone.
    """
    from pydantic import ValidationError

    from runstrong.adapters.db import connect
    from runstrong.domain.athlete import Profile
    from runstrong.domain.generator import generate_plan
    from runstrong.services.planning import describe_errors
    from runstrong.services.training import _document, stamped

    uow = connect(url, runner_id)
    with uow:
        stored = uow.repo.latest_profile(runner_id)
    if stored is None:
        return False
    try:
        profile = Profile.model_validate(stored.document)
    except ValidationError as exc:
        problem = describe_errors(exc, "profile")
        raise RunnerFailed(
            f"its stored profile (version {stored.version}) is no longer valid: {problem}"
        ) from None
    try:
        plan = generate_plan(profile, catalog)
    except RunstrongError as exc:
        raise RunnerFailed(f"no plan could be made from its profile: {exc}") from None
    document = stamped(_document(plan), library, stored.version)
    with uow:
        uow.lock()
        (stamp,) = uow.repo.plan_stamps([runner_id])
        if stamp.latest_profile != stored.version:
            return False  # a new profile meanwhile: storing it made its plan
        if not force and up_to_date(stamp, library):
            return False
        earlier = uow.repo.plan_spans(runner_id)
        valid_from = profile.start_date if not earlier else max(today, profile.start_date)
        uow.repo.add_plan(runner_id, stored.version, valid_from, document, now)
        uow.commit()
    return True


def replan_page(
    url: str,
    runner_ids: Sequence[int],
    catalog: Catalog,
    library: str,
    today: dt.date,
    now: dt.datetime,
    force: bool = False,
    stopping: Callable[[], bool] = lambda: False,
) -> PageDone:
    """Re-plan the runners of one page that need it, one transaction each. A runner that
    fails is counted with the reason and the page goes on; a database that cannot be
    reached stops the page (and the run): every runner after it would fail the same way."""
    from runstrong.adapters.db import connect
    from runstrong.adapters.db.errors import DamagedDatabase

    with connect(url) as uow:
        stamps = uow.repo.plan_stamps(runner_ids)
    replanned = skipped = 0
    failures: list[Failure] = []
    stopped = False
    for stamp in stamps:
        if stopping():
            stopped = True
            break
        if stamp.latest_profile is None or (not force and up_to_date(stamp, library)):
            skipped += 1
            continue
        try:
            done = replan_runner(url, stamp.runner_id, catalog, library, today, now, force)
        except (StorageUnavailable, DamagedDatabase):
            raise
        except RunstrongError as exc:
            failures.append(Failure(stamp.runner_id, str(exc)))
            continue
        except Exception as exc:  # a defect met by one runner's profile: the others go on
            failures.append(Failure(stamp.runner_id, f"{type(exc).__name__}: {_first_line(exc)}"))
            continue
        if done:
            replanned += 1
        else:
            skipped += 1
    return PageDone(replanned, skipped, tuple(failures), stopped, peak_kib())


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines() or [""]
    return lines[0][:300]


def peak_kib() -> int:
    """This process's peak resident memory in KiB (0 where it is not known). On Linux from
    /proc (VmHWM), not getrusage: a new process inherits its parent's ru_maxrss (it
    survives fork and exec), so a small worker of a big parent would read as big."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def runner_count(url: str) -> int:
    from runstrong.adapters.db import connect

    with connect(url) as uow:
        return uow.repo.runner_count()


Progress = Callable[[Tally, PageDone], None]


def replan_all(
    url: str,
    library: str,
    today: dt.date,
    now: dt.datetime,
    *,
    workers: int,
    force: bool = False,
    page_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
) -> Tally:
    """Re-plan every runner that needs it, `workers` processes at a time (0: all in this
    process, for tests and tiny databases). `progress` hears of every page done.

    Ctrl-C (KeyboardInterrupt) stops the run cleanly: no page is handed out after it, the
    workers finish the runner in hand, and the tally comes back with `interrupted` set.
    """
    started = time.perf_counter()
    tally = Tally(runner_count(url))

    def count(page: PageDone) -> None:
        tally.replanned += page.replanned
        tally.skipped += page.skipped
        tally.failed += len(page.failures)
        room = FAILURES_KEPT - len(tally.first_failures)
        tally.first_failures.extend(page.failures[: max(room, 0)])
        tally.worker_peak_kib = max(tally.worker_peak_kib, page.peak_kib)
        tally.interrupted = tally.interrupted or page.stopped
        tally.seconds = time.perf_counter() - started
        if progress is not None:
            progress(tally, page)

    from concurrent.futures.process import BrokenProcessPool

    try:
        if workers <= 0:
            _replan_here(url, library, today, now, force, page_size, catalog, count)
        else:
            _replan_in_workers(url, library, today, now, force, page_size, workers, count)
    except KeyboardInterrupt:
        tally.interrupted = True
    except BrokenProcessPool:
        tally.interrupted = True
        tally.seconds = time.perf_counter() - started
        raise WorkerLost(tally) from None
    tally.seconds = time.perf_counter() - started
    return tally


def _replan_here(
    url: str,
    library: str,
    today: dt.date,
    now: dt.datetime,
    force: bool,
    page_size: int,
    catalog: Catalog | None,
    count: Callable[[PageDone], None],
) -> None:
    if catalog is None:
        from runstrong.library import load_catalog

        catalog = load_catalog()
    for page in runner_pages(url, page_size):
        count(replan_page(url, page, catalog, library, today, now, force))


# -- the worker processes -------------------------------------------------------------------

_worker_catalog: Catalog | None = None
_worker_stop: Event | None = None


def _start_worker(stop: Event) -> None:
    """Each worker: Ctrl-C is the parent's to handle (it tells the workers through
    `stop`), so a worker is never cut off half-way through a runner by it."""
    import signal

    global _worker_catalog, _worker_stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from runstrong.library import load_catalog

    _worker_catalog = load_catalog()
    _worker_stop = stop


def _worker_page(
    url: str,
    runner_ids: list[int],
    library: str,
    today: dt.date,
    now: dt.datetime,
    force: bool,
) -> PageDone:
    assert _worker_catalog is not None and _worker_stop is not None
    stop = _worker_stop
    return replan_page(
        url, runner_ids, _worker_catalog, library, today, now, force, stopping=stop.is_set
    )


def _replan_in_workers(
    url: str,
    library: str,
    today: dt.date,
    now: dt.datetime,
    force: bool,
    page_size: int,
    workers: int,
    count: Callable[[PageDone], None],
) -> None:
    import multiprocessing

    # spawn, not fork: a forked worker would share the parent's database connections.
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(stop,)
    )
    pending: set[Future[PageDone]] = set()

    def collect() -> None:
        """Wait for a page to be done, and count every page done by then."""
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            pending.discard(future)
            count(future.result())

    try:
        for page in runner_pages(url, page_size):
            while len(pending) >= workers * PAGES_AHEAD_PER_WORKER:
                collect()
            pending.add(pool.submit(_worker_page, url, page, library, today, now, force))
        while pending:
            collect()
    except BaseException:
        # Ctrl-C, or a page that stopped the run: no new runner is begun, and each worker
        # finishes (commits) the one in hand. A second Ctrl-C ends them at once; the
        # runner in hand is then rolled back by the database.
        stop.set()
        try:
            for future in pending:
                future.cancel()
            for future in list(pending):
                if not future.cancelled():
                    try:
                        count(future.result())
                    except Exception:
                        pass  # the first error is the one reported
        except KeyboardInterrupt:
            _terminate(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes: dict[Any, Any] = getattr(pool, "_processes", None) or {}
    for process in processes.values():  # no public way to end a pool's workers in 3.11
        process.terminate()
