"""The query page: `/` serves YASGUI with our prefixes and the `queries/` examples in its menu.

The browser libraries (YASGUI, Cytoscape) are installed from npm at set-up time by
`server/frontend/install.sh` (`make frontend`) into `server/static/vendor/` and served from here, so the page
works offline and nothing is fetched from a CDN. The example queries are read from the `queries/` folder at
request time, so an edited `.rq` file shows on the next page load.

This module only renders pages and serves files; it never touches the store.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, render_template, request, send_from_directory
from werkzeug.exceptions import NotFound

from kg.namespaces import PREFIXES

bp = Blueprint("ui", __name__, template_folder="templates")

PACKAGE_DIR = Path(__file__).resolve().parent
VENDOR_DIR = PACKAGE_DIR / "static" / "vendor"
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css")
"""What the query page needs from static/vendor; without them it answers 503 and says how to install."""

_HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Example:
    """One example query for the menu: its id (the file name without `.rq`), header fields and text."""

    id: str
    title: str
    description: str
    query: str


def queries_dir() -> Path | None:
    """The folder of example queries: installed package data first, then `queries/` next to the package.

    Returns None when neither exists (the menu is then empty, the page still works).
    """
    candidates: list[Path] = []
    for package in ("kg", "server"):
        try:
            candidates.append(Path(str(resources.files(package) / "queries")))
        except (ModuleNotFoundError, TypeError):  # pragma: no cover - both packages are importable here
            continue
    candidates.append(PACKAGE_DIR.parent / "queries")  # a source checkout
    return next((c for c in candidates if c.is_dir() and any(c.glob("*.rq"))), None)


def read_example(path: Path) -> Example:
    """An example from one `.rq` file whose opening `# key: value` lines give its title and description.

    A `#` line without `key:` continues the previous field. A file without a title is listed under its
    file name. Prefixes from kg.namespaces that the query uses but does not declare are prepended, so every
    example runs as shown. Raises OSError or UnicodeDecodeError when the file cannot be read.
    """
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if match:
            key = match.group(1).lower()
            fields[key] = match.group(2).strip()
        elif key is not None:
            fields[key] = (fields[key] + " " + line.lstrip("#").strip()).strip()
    return Example(
        id=path.stem,
        title=fields.get("title") or path.stem.replace("-", " "),
        description=fields.get("description", ""),
        query=with_prefixes(text),
    )


def with_prefixes(query: str) -> str:
    """`query` with a PREFIX line added for each of our prefixes it uses without declaring."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*)\s*:", query)}
    body = re.sub(r"(?m)#.*$", "", query)  # comments do not count as use
    body = re.sub(r"<[^>\s]*>", "", body)  # nor do full IRIs
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:/.-]){re.escape(p)}:", body)]
    if not missing:
        return query
    lines = query.splitlines(keepends=True)
    head = 0  # the prefixes go after the opening comment block, so the title stays on top
    while head < len(lines) and (lines[head].startswith("#") or not lines[head].strip()):
        head += 1
    block = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return "".join(lines[:head]) + block + "".join(lines[head:])


def examples() -> list[Example]:
    """Every example in the queries folder, sorted by title; files that cannot be read are left out."""
    folder = queries_dir()
    if folder is None:
        return []
    found = []
    for path in sorted(folder.glob("*.rq")):
        try:
            found.append(read_example(path))
        except (OSError, UnicodeDecodeError):
            continue
    return sorted(found, key=lambda e: e.title.lower())


def default_query() -> str:
    """The query a new tab opens with: our prefixes and a look at the stances."""
    return with_prefixes(
        "SELECT ?stance ?holder ?type ?target WHERE {\n"
        "  ?stance a skg:Stance ;\n"
        "          skg:holder ?holder ;\n"
        "          skg:stanceType ?type ;\n"
        "          skg:target ?target .\n"
        "}\nLIMIT 25\n")


def vendor_missing() -> list[str]:
    """The vendor files the query page needs that are not installed."""
    return [name for name in VENDOR_FILES if not (VENDOR_DIR / name).is_file()]


@bp.get("/")
def index() -> Response | tuple[str, int]:
    """The query page. 503 with instructions when the browser libraries were never installed."""
    missing = vendor_missing()
    if missing:
        return render_template("ui_missing.html", missing=missing, vendor_dir=VENDOR_DIR), 503
    endpoint = request.url_root + "sparql"
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "prefixesUrl": request.url_root + "prefixes.json",
        "defaultQuery": default_query(),
        "examples": [asdict(e) for e in examples()],
    }
    return Response(render_template("index.html", config=config), mimetype="text/html")


@bp.get("/prefixes.json")
def prefixes() -> Response:
    """Our prefixes as `{"skg": "https://…#", …}` (the prefix.cc shape YASQE's prefix completer reads)."""
    return Response(json.dumps(PREFIXES, indent=1), mimetype="application/json")


@bp.get("/static/vendor/<path:filename>")
def vendor(filename: str) -> Response:
    """A browser library installed by `make frontend`; 404 naming the command when it is missing."""
    try:
        return send_from_directory(VENDOR_DIR, filename, max_age=3600)
    except NotFound:
        raise NotFound(f"{filename} is not installed in {VENDOR_DIR}: run `make frontend`") from None
