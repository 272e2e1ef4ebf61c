"""Render the ontology as HTML documentation with pyLODE, offline, into a build folder.

`build_docs(out_dir)` writes `index.html` (pyLODE's OntPub profile over the merged ontology:
stancekg.ttl, stance-types.ttl, plover.ttl, cameo.ttl) with its CSS inlined, so the page opens
from disk with no network. pyLODE is imported here only. This module writes only into `out_dir`.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ReasonerError
from .ontology import ontology_graph

#: The default output folder of `stancekg docs`, relative to the working directory.
DEFAULT_DOCS_DIR = Path("build") / "docs"


def build_docs(out_dir: Path | str = DEFAULT_DOCS_DIR) -> Path:
    """Write the ontology's HTML documentation to `out_dir/index.html` and return that path.

    Offline: pyLODE works on the local Graph and the CSS is inlined; nothing is fetched.
    Raises ReasonerError (the error for the optional `reason` extra) when pyLODE is not installed,
    OntologyFilesError when the ontology files are missing.
    """
    try:
        from pylode import OntPub
    except (ImportError, FileNotFoundError) as e:  # pyLODE 3.4.1 wheels fail on import (no pyproject.toml)
        raise ReasonerError(f"documentation needs a working pyLODE (pip install 'pylode>=3.2,<3.4'): {e}") from e
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    html = OntPub(ontology_graph(), sort_subjects=True).make_html(include_css=True)
    path.write_text(html, encoding="utf-8")
    return path
