"""A real local SPARQL server holding tests/data/wikidata-fixture.ttl: Oxigraph's own server (PyPI `oxigraph`).

The fixture `wikidata_endpoint` loads the fixture into an Oxigraph database under a temporary
folder, starts `oxigraph serve-read-only` on 127.0.0.1 with a free port, waits until it answers,
yields its query URL and stops the process by its pid. Linker, enrichment and federation tests
point `settings.wikidata_endpoint` (and the SERVICE allowlist) at it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require

FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata-fixture.ttl"


def oxigraph_executable() -> str:
    """The `oxigraph` command: next to this Python first (the venv), else on PATH; skip (fail in CI) if absent."""
    beside = Path(sys.executable).parent / "oxigraph"
    path = str(beside) if beside.is_file() else shutil.which("oxigraph")
    require(path is not None, "the Oxigraph server is not installed (pip install 'oxigraph>=0.5.13')")
    return path  # type: ignore[return-value]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of a local Oxigraph server serving the Wikidata-shaped fixture."""
    exe = oxigraph_executable()
    location = tmp_path_factory.mktemp("wikidata") / "db"
    subprocess.run([exe, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    for _attempt in range(5):  # the port was free a moment ago; retry if another process took it
        port = _free_port()
        process = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(200):
            if process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        if process.poll() is None:
            break
    else:
        pytest.fail("the Oxigraph server did not start: " + process.stderr.read().decode(errors="replace"))
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
