"""The query page: `/` serves YASGUI with our prefixes and the `queries/` examples in its menu.

The browser libraries (YASGUI, Cytoscape) are installed from npm at set-up time by
`server/frontend/install.sh` (`make assets`) into `server/static/vendor/` and served from here, so the page
works offline and nothing is fetched from a CDN. The example queries are read from the `queries/` folder at
request time through kg.queries (the same files `stancekg query` runs), so an edited `.rq` file shows on
the next page load.

This module only renders pages and serves files; it never touches the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import Blueprint, Response, render_template, request, send_from_directory
from werkzeug.exceptions import NotFound

from kg.namespaces import PREFIXES, sparql_prefixes

bp = Blueprint("ui", __name__, template_folder="templates")

PACKAGE_DIR = Path(__file__).resolve().parent
VENDOR_DIR = PACKAGE_DIR / "static" / "vendor"
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css")
"""What the query page needs from static/vendor; without them it answers 503 and says how to install."""


# Scripts, styles, fonts and images come from this server only (the page must work offline and load nothing
# from a CDN); queries may still go to any endpoint a user types into YASGUI's endpoint field.
PAGE_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self' data:; connect-src *; object-src 'none'; base-uri 'self'")


@dataclass(frozen=True)
class Example:
    """One entry of the examples menu: a named query from `queries/` (kg.queries) as the page shows it."""

    id: str
    title: str
    description: str
    parameters: str
    query: str


def examples() -> list[Example]:
    """Every named query in kg.queries' folder, read now (an edited file shows on the next page load),
    sorted by title. A file whose header is broken is listed with the error as its description, so
    the menu never hides it silently and the rest of the page still works."""
    from kg.errors import StanceKGError
    from kg.queries import load_query, queries_dir

    found = []
    for path in sorted(queries_dir().glob("*.rq")):
        try:
            named = load_query(path.stem)
        except (StanceKGError, OSError, UnicodeDecodeError) as e:
            found.append(Example(path.stem, path.stem, f"(cannot be read: {e})", "", ""))
            continue
        parameters = "; ".join(
            f"?{p.name}: {p.meaning}{' (optional)' if p.optional else ''}" for p in named.parameters)
        found.append(Example(named.name, named.title, named.description, parameters, named.text))
    return sorted(found, key=lambda e: e.title.lower())


def default_query() -> str:
    """The query a new tab opens with: a first look at the stances."""
    return sparql_prefixes(["skg", "stype", "id", "rdfs"]) + (
        "\nSELECT ?holderLabel ?type ?targetLabel ?stance WHERE {\n"
        "  ?stance a skg:Stance ;\n"
        "          skg:holder ?holder ;\n"
        "          skg:stanceType ?type ;\n"
        "          skg:target ?target .\n"
        "  OPTIONAL { ?holder rdfs:label ?holderLabel }\n"
        "  OPTIONAL { ?target rdfs:label ?targetLabel }\n"
        "}\nLIMIT 25\n")


def vendor_missing() -> list[str]:
    """The vendor files the query page needs that are not installed."""
    return [name for name in VENDOR_FILES if not (VENDOR_DIR / name).is_file()]


@bp.get("/")
def index() -> Response | tuple[str, int]:
    """The query page. 503 with instructions when the browser libraries were never installed."""
    missing = vendor_missing()
    if missing:
        return render_template("ui_missing.html", missing=missing), 503
    endpoint = request.url_root + "sparql"
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "prefixesUrl": request.url_root + "prefixes.json",
        "defaultQuery": default_query(),
        "examples": [asdict(e) for e in examples()],
    }
    response = Response(render_template("index.html", config=config), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@bp.get("/prefixes.json")
def prefixes() -> Response:
    """Our prefixes as `{"skg": "https://…#", …}` (the prefix.cc shape YASQE's prefix completer reads)."""
    return Response(json.dumps(PREFIXES, indent=1), mimetype="application/json")


@bp.get("/static/vendor/<path:filename>")
def vendor(filename: str) -> Response:
    """A browser library installed by `make assets`; 404 naming the command when it is missing."""
    try:
        return send_from_directory(VENDOR_DIR, filename, max_age=3600)
    except NotFound:
        # The message names the command, never the install folder (no server paths in error bodies).
        raise NotFound(f"{filename} is not installed: run `make assets`") from None
