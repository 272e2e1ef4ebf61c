"""Start and stop a private Virtuoso server for tests and benchmarks.

`VirtuosoServer(folder).start()` writes a virtuoso.ini that binds 127.0.0.1 on two free ports (SQL and
HTTP), keeps the database inside `folder`, has no `[Zero Config]` section (no multicast announcement) and
raises the SPARQL result cap; starts `virtuoso-t +foreground +configfile`; waits until `/sparql` answers;
optionally changes the dba password with `isql-vt`; and `stop()` ends that one process by its pid.
It never touches the system's own Virtuoso (/var/lib/virtuoso-opensource-7).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# A fresh Virtuoso database has user dba with password dba (platform-notes.md).
DEFAULT_PASSWORD = "dba"

_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
MaxClientConnections     = 20
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., {db}, {load_dirs}
ThreadsPerQuery          = 4
MaxQueryMem              = {query_mem}
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty_buffers}
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {db}/vsp
MaxClientConnections        = 20
ServerThreads               = 20
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows           = {max_rows}
; The cost estimator refused queries that run in milliseconds ("estimated execution time 448 (sec)
; exceeds the limit of 400"), and with a limit of 36000 still actor-network at 10^5 stances (estimated
; 515,786 s, runs in 0.1 s), depending on its sampled statistics: 0 turns it off; the real time stays
; capped below.
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 300
DeferInferenceRulesInit    = 0
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class VirtuosoError(RuntimeError):
    """Virtuoso could not be started, configured or stopped; the message ends with its log's tail."""


class VirtuosoServer:
    """One private virtuoso-t process with its database in `folder`.

    `max_rows` is the SPARQL result cap (Virtuoso's default 10,000 silently truncates results; the
    remote store pages anyway, so tests may keep the default to prove the paging works).
    `load_dirs` are folders `ld_dir` may read for bulk loads.
    """

    def __init__(self, folder: Path, *, max_rows: int = 10_000, load_dirs: tuple[Path, ...] = (),
                 buffers: int = 10_000, password: str = DEFAULT_PASSWORD) -> None:
        self.folder = Path(folder)
        self.max_rows = max_rows
        self.load_dirs = tuple(Path(p) for p in load_dirs)
        self.buffers = buffers
        self.password = password
        self.sql_port = 0
        self.http_port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.executable = shutil.which("virtuoso-t")
        self.isql = shutil.which("isql-vt")

    # ---------- addresses ----------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def store_spec(self) -> str:
        """The `sparql:` store spec that reaches this server with Digest authentication."""
        return (f"sparql:{self.query_url};update={self.update_url};gsp={self.gsp_url};"
                f"user=dba;password={self.password};auth=digest")

    @property
    def log_path(self) -> Path:
        return self.folder / "virtuoso.log"

    # ---------- lifecycle ----------
    def start(self, timeout: float = 60.0) -> VirtuosoServer:
        """Write the ini, start the server, wait until /sparql answers. Raises VirtuosoError."""
        if self.executable is None:
            raise VirtuosoError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "vsp").mkdir(exist_ok=True)
        self.sql_port, self.http_port = _free_port(), _free_port()
        while self.http_port == self.sql_port:
            self.http_port = _free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(
            db=self.folder, sql_port=self.sql_port, http_port=self.http_port, max_rows=self.max_rows,
            load_dirs=", ".join(str(p) for p in self.load_dirs) or str(self.folder),
            buffers=self.buffers, dirty_buffers=self.buffers * 3 // 4,
            query_mem="2G"))
        self._out = open(self.folder / "virtuoso.stdout", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [self.executable, "+foreground", "+configfile", str(ini)],
            cwd=self.folder, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(timeout)
            if self.password != DEFAULT_PASSWORD:
                self._set_password()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise VirtuosoError(f"Virtuoso did not answer within {timeout} s: {self.log_tail()}")

    def isql_run(self, sql: str, *, timeout: float = 3600.0) -> str:
        """Run SQL statements through isql-vt as dba; returns its output. Raises VirtuosoError."""
        if self.isql is None:
            raise VirtuosoError("isql-vt is not installed (apt-get install virtuoso-opensource)")
        current = DEFAULT_PASSWORD if getattr(self, "_password_changed", False) is False else self.password
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", current, "VERBOSE=OFF", "BANNER=OFF",
             "PROMPT=OFF", "ERRORS=STDOUT"],
            input=sql.encode(), capture_output=True, timeout=timeout, check=False)
        out = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        if done.returncode != 0 or "*** Error" in out:
            raise VirtuosoError(f"isql-vt failed: {out.strip()[-2000:]}")
        return out

    def _set_password(self) -> None:
        if not self.password.isalnum():
            raise VirtuosoError("use letters and digits only for the test password (isql's SET PASSWORD)")
        self.isql_run(f"SET PASSWORD {DEFAULT_PASSWORD} {self.password};\n")
        self._password_changed = True

    def bulk_load(self, folder: Path, pattern: str, graph: str = "urn:stancekg:bulk") -> str:
        """Load every file matching `pattern` in `folder` with ld_dir + rdf_loader_run (quads keep their graph)."""
        return self.isql_run(
            f"ld_dir('{folder}', '{pattern}', '{graph}');\n"
            "rdf_loader_run();\n"
            "checkpoint;\n")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop our virtuoso-t by its pid (SIGTERM, then SIGKILL after `timeout`)."""
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        out = getattr(self, "_out", None)
        if out is not None:
            out.close()

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
