"""Each document is read in a worker process of its own, so whatever a file does to the
readers (an exception, a runaway loop, memory exhaustion, a crash) ends as that document's
error and the batch goes on.

Workers are forked, so they start with the catalogue and the matcher already built. At most
`jobs` run at once; each is stopped at `Limits.seconds` and may add `Limits.memory_mb` to the
memory it starts with. Results come back in the order of the tasks.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Generic, Iterator, Sequence, TypeVar

from .errors import Errors, PlanError
from .settings import Limits
from .strings import collapse

PR_SET_PDEATHSIG = 1
_NOT_FOR_WORKERS: set[int] = set()  # file descriptors a worker closes at once: the output folder's lock
Task = TypeVar("Task")
Result = TypeVar("Result")


@dataclass
class _Worker(Generic[Task]):
    number: int
    task: Task
    process: multiprocessing.process.BaseProcess
    results: Connection
    started: float


@contextlib.contextmanager
def kept_from_workers(descriptor: int) -> Iterator[None]:
    """Workers forked meanwhile close `descriptor` at once: a lock the run holds is the run's
    alone, and goes the moment the run does (a worker killed with it may take a while to end)."""
    _NOT_FOR_WORKERS.add(descriptor)
    try:
        yield
    finally:
        _NOT_FOR_WORKERS.discard(descriptor)


def run_bounded(tasks: Sequence[Task], work: Callable[[Task], Result],
                failed: Callable[[Task, PlanError], Result], name: Callable[[Task], str],
                jobs: int, limits: Limits) -> Iterator[Result]:
    """`work(task)` for every task, each in its own worker; a task whose worker fails,
    overruns or dies gives `failed(task, error)` instead."""
    context = multiprocessing.get_context("fork")
    done: dict[int, Result] = {}
    running: list[_Worker] = []
    started = returned = 0
    try:
        while returned < len(tasks):
            while started < len(tasks) and len(running) < jobs:
                receive, send = context.Pipe(duplex=False)
                inherited = [receive, *(worker.results for worker in running)]
                process = context.Process(target=_work_in_worker, daemon=True,
                                          args=(send, inherited, os.getpid(), work, tasks[started], limits))
                gc.freeze()  # the worker's collector leaves the run's objects alone: no copy of the heap
                process.start()
                send.close()
                running.append(_Worker(started, tasks[started], process, receive, time.monotonic()))
                started += 1
            deadline = min(worker.started for worker in running) + limits.seconds
            ready = wait([worker.results for worker in running], max(0.0, deadline - time.monotonic()))
            for worker in list(running):
                if worker.results in ready:
                    done[worker.number] = _collect(worker, failed, name, limits)
                elif time.monotonic() - worker.started >= limits.seconds:
                    worker.process.kill()
                    done[worker.number] = failed(worker.task, PlanError(Errors.E013, name(worker.task),
                                                                        allowed=limits.seconds))
                else:
                    continue
                worker.process.join()
                worker.results.close()
                running.remove(worker)
            while returned in done:
                yield done.pop(returned)
                returned += 1
    finally:  # interrupted (Ctrl-C) or abandoned: no worker outlives the run
        gc.unfreeze()
        for worker in running:
            worker.process.kill()
            worker.process.join()


def _collect(worker: _Worker, failed: Callable, name: Callable, limits: Limits):
    """The worker's result, or the reason it gave none."""
    try:
        outcome, payload = worker.results.recv()
    except (EOFError, OSError):
        worker.process.join()
        code = worker.process.exitcode or 0
        reason = f"stopped by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        return failed(worker.task, PlanError(Errors.E015, name(worker.task), reason=reason))
    if outcome == "ok":
        return payload
    if outcome == "memory":
        return failed(worker.task, PlanError(Errors.E014, name(worker.task), allowed=limits.memory_mb))
    return failed(worker.task, PlanError(Errors.E099, name(worker.task), reason=payload))


def _work_in_worker(results: Connection, inherited: list[Connection], parent: int, work: Callable, task: object,
                    limits: Limits) -> None:
    _die_with_parent(parent)
    for connection in inherited:  # the parent's ends of the pipes: a worker must not keep them open
        connection.close()
    for descriptor in _NOT_FOR_WORKERS:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _limit_memory(limits.memory_mb)
    try:
        message = ("ok", work(task))
    except MemoryError:
        message = ("memory", None)
    except BaseException as exc:  # the worker's only report is its message: never a traceback
        message = ("error", collapse(f"{type(exc).__name__}: {exc}")[:200])
    try:
        results.send(message)
    except MemoryError:
        results.send(("memory", None))
    results.close()
    os._exit(0)  # not the parent's exit handlers


def _die_with_parent(parent: int) -> None:
    """A worker whose run is killed outright (kill -9, the out-of-memory killer) stops too,
    rather than living on and holding the output folder's lock."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass  # not Linux: the pipe closing still ends a worker that reports
    if os.getppid() != parent:  # the run died before the request took effect
        os._exit(1)


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space at what it starts with plus `megabytes`."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    except (ImportError, OSError, StopIteration, ValueError):
        return  # no way to measure or cap it here: the time limit still holds
    cap = (size_kb * 1024) + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
