"""The endpoint's policy: who may update, what a query may reach, how long and how large it may be.

Safe by default (issue 4, item 5):
- Update is off unless `settings.update_token` is set; then it needs `Authorization: Bearer <token>`
  (401 without credentials, 403 with wrong ones or when updates are off).
- Nothing is fetched on a query's say-so: `LOAD` is refused, `SERVICE` may only name an endpoint on
  `settings.service_allowlist` (a variable SERVICE is refused: it cannot be checked in advance), and
  `FROM` / `FROM NAMED` only select graphs already in the store (the engines never fetch them:
  Oxigraph by design, rdflib because kg/store.py turns SPARQL_LOAD_GRAPHS off).
- A query runs in its own thread with a deadline. Past `settings.query_timeout` the request is
  answered 503 before any body byte is sent and the request's worker is free again; the query is
  told to stop and does so at its next check (while Oxigraph evaluates it releases the GIL, so a
  slow query never blocks the others).
- Results are counted while they are written; past `settings.max_result_rows` the answer is 422.

This module reads tokens (server/lexer.py), never the network.
"""

from __future__ import annotations

import hmac
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kg.errors import (
    ForbiddenOperationError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    UpdateForbiddenError,
    UpdateUnauthorizedError,
)
from kg.settings import Settings

from .lexer import Token, keyword_targets, prologue_of, resolve

T = TypeVar("T")


# ---------- who may update ----------
def check_update_authorised(authorization: str | None, settings: Settings) -> None:
    """Pass when the request may update the store.

    Raises UpdateForbiddenError (403) when updates are off or the token is wrong, and
    UpdateUnauthorizedError (401) when the endpoint has a token but the request sent none.
    """
    token = settings.update_token
    if not token:
        raise UpdateForbiddenError(
            "updates are off on this endpoint; the operator enables them by setting STANCEKG_UPDATE_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UpdateUnauthorizedError("this endpoint needs `Authorization: Bearer <token>` for updates")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise UpdateForbiddenError("the bearer token is not the one this endpoint accepts for updates")


# ---------- what a request may reach ----------
def check_reach(tokens: list[Token], *, base_iri: str | None, settings: Settings, update: bool) -> None:
    """Refuse LOAD (in updates) and any SERVICE whose endpoint is not on the allowlist.

    Raises ForbiddenOperationError (403) naming the operation and, for SERVICE, the allowlist.
    """
    if update and keyword_targets(tokens, "LOAD"):
        raise ForbiddenOperationError("LOAD is refused: this endpoint never fetches data from the network")
    targets = keyword_targets(tokens, "SERVICE")
    if not targets:
        return
    prologue = prologue_of(tokens, base_iri)
    allowed = {iri.rstrip("/") for iri in settings.service_allowlist}
    for target in targets:
        iri = resolve(target, prologue, base_iri) if target is not None else None
        if iri is None:
            shown = target.text if target is not None else "nothing"
            raise ForbiddenOperationError(
                f"SERVICE {shown} is refused: only a fixed endpoint IRI can be checked against the allowlist ("
                + ", ".join(settings.service_allowlist) + ")")
        if iri.rstrip("/") not in allowed:
            raise ForbiddenOperationError(
                f"SERVICE <{iri}> is refused: this endpoint only calls "
                + (", ".join(f"<{a}>" for a in settings.service_allowlist) or "no other endpoint")
                + " (setting service_allowlist, STANCEKG_SERVICE_ALLOWLIST)")


# ---------- how long ----------
class Cancelled(Exception):  # noqa: N818 - a signal inside one job, never shown to users
    """Raised inside a job whose deadline has passed; the job unwinds and its thread ends."""


@dataclass
class Deadline:
    """When a job must be finished; jobs call `check()` between steps to stop early."""

    seconds: float
    expires: float = field(init=False)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.expires = time.monotonic() + self.seconds

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.expires - time.monotonic())

    def check(self) -> None:
        """Raise Cancelled when the deadline passed or the job was told to stop."""
        if self.stop.is_set() or time.monotonic() > self.expires:
            raise Cancelled()


def run_with_deadline(job: Callable[[Deadline], T], *, timeout: float, slots: threading.Semaphore) -> T:
    """Run `job(deadline)` in a thread of its own; wait at most `timeout` seconds for it.

    At most as many jobs run at once as `slots` allows (a job abandoned at its deadline keeps its
    slot until it has noticed). Raises QueryTimeoutError when the job did not finish in time or no
    slot came free; the job is told to stop and the caller's thread is free at once. Any exception
    of the job is raised here, in the caller's thread.
    """
    deadline = Deadline(timeout)
    if not slots.acquire(timeout=timeout):
        raise QueryTimeoutError(
            f"the server is busy: no query slot came free within {timeout:g} s; try again shortly")
    outcome: dict[str, object] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = job(deadline)
        except BaseException as e:  # handed to the caller's thread
            _release_locals(e)
            outcome["error"] = e
        finally:
            slots.release()
            done.set()

    start_with_big_stack(threading.Thread(target=target, name="stancekg-query", daemon=True))
    if not done.wait(deadline.remaining()):
        deadline.stop.set()
        raise QueryTimeoutError(
            f"the query did not finish within {timeout:g} s (setting query_timeout, STANCEKG_QUERY_TIMEOUT) "
            "and was cancelled; a LIMIT or a more selective first pattern usually helps")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, Cancelled):
            raise QueryTimeoutError(
                f"the query did not finish within {timeout:g} s (setting query_timeout) and was cancelled")
        raise error  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


# Oxigraph parses and evaluates recursively: with a thread's default 8 MB stack, 10,000 patterns in a
# row, 10,000 UNIONs or `1+1+…` terms, or about 1,000 nested brackets overflow it and the process dies
# (SIGSEGV; tests/test_faults.py). 256 MB (address space, committed only as used) survives 50,000 of
# each; MAX_NESTING and MAX_TOKENS keep requests below that.
QUERY_STACK_BYTES = 256 * 1024 * 1024
MAX_NESTING = 256
"""Brackets ( [ { and unary `!` nested deeper than this are refused."""
MAX_TOKENS = 100_000
"""Queries with more terminals than this are refused (updates may be longer: INSERT DATA is flat)."""
_stack_lock = threading.Lock()


def start_with_big_stack(thread: threading.Thread) -> None:
    """Start `thread` with a QUERY_STACK_BYTES stack (the setting is process-wide, so it is restored)."""
    with _stack_lock:
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            thread.start()
        finally:
            threading.stack_size(previous)


def run_with_big_stack(job: Callable[[], T]) -> T:
    """Run `job()` in a thread with a big stack and wait for it; its exception is raised here."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = job()
        except BaseException as e:  # handed to the caller's thread
            _release_locals(e)
            outcome["error"] = e

    thread = threading.Thread(target=target, name="stancekg-update", daemon=True)
    start_with_big_stack(thread)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def check_shape(tokens: list[Token], *, update: bool) -> None:
    """Refuse text nested deeper than MAX_NESTING, or a query longer than MAX_TOKENS terminals.

    Raises QuerySyntaxError (400) saying which limit and where.
    """
    if not update and len(tokens) > MAX_TOKENS:
        raise QuerySyntaxError(f"the query has {len(tokens)} terms; at most {MAX_TOKENS} are accepted")
    depth = negations = 0
    for tok in tokens:
        if tok.kind != "punct":
            negations = 0
            continue
        if tok.text in "([{":
            depth += 1
        elif tok.text in ")]}":
            depth -= 1
        negations = negations + 1 if tok.text == "!" else 0
        if depth > MAX_NESTING or negations > MAX_NESTING:
            raise QuerySyntaxError(f"the text nests more than {MAX_NESTING} levels deep at offset {tok.start}; "
                                   "that many is refused", line=None, column=None)


def _release_locals(error: BaseException) -> None:
    """Drop the locals of the job's finished frames here, in the job's thread.

    pyoxigraph's result iterators may only be dropped by the thread that made them; a traceback
    handed to another thread would otherwise carry them there (PyO3 then raises "unsendable").
    The traceback itself is kept for the log.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


# ---------- how large ----------
# Where a row starts in each serialisation (pyoxigraph's writers). Counting the marker can only
# over-count (a literal that contains it), which makes the limit stricter, never looser.
ROW_MARKERS: dict[str, tuple[bytes, int]] = {
    # format: (marker, rows = count(marker) + offset)
    "JSON": (b"},{", 1),          # between two bindings; JSON strings escape no braces, so over-count only
    "XML": (b"<result>", 0),       # one per solution; `<` in literals is escaped
    "TSV": (b"\n", -1),            # header line, then one line per row; TSV escapes newlines in terms
    "CSV": (b"\r\n", -1),          # CRLF ends each record; a literal holding CRLF over-counts
}


class LimitedSink:
    """A binary writer that keeps what is written, counts rows, and stops at the limits.

    Raises Cancelled when the deadline passes and ResultTooLargeError when more than `max_rows`
    rows have been written.
    """

    def __init__(self, *, engine_format: str, max_rows: int, deadline: Deadline) -> None:
        self.parts: list[bytes] = []
        self.marker, self.offset = ROW_MARKERS.get(engine_format, (b"", 0))
        self.max_rows, self.deadline = max_rows, deadline
        self.count, self.tail = 0, b""

    def write(self, data: bytes) -> int:
        """Take one chunk from the serializer."""
        self.deadline.check()
        chunk = bytes(data)
        if self.marker:
            joined = self.tail + chunk
            self.count += joined.count(self.marker) - self.tail.count(self.marker)
            self.tail = joined[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
            if self.count + self.offset > self.max_rows:
                raise result_too_large(self.max_rows)
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the parts stay in memory until the response is sent."""

    def getvalue(self) -> bytes:
        """Everything written, as one bytes object."""
        return b"".join(self.parts)


def result_too_large(max_rows: int) -> ResultTooLargeError:
    """The error for a result past the row limit, with the setting to change."""
    return ResultTooLargeError(
        f"the result has more than {max_rows} rows (setting max_result_rows, STANCEKG_MAX_RESULT_ROWS); "
        "add a LIMIT, or page with LIMIT and OFFSET")
