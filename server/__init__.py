"""The web app: the SPARQL 1.1 endpoint (/sparql), the query page (/), /health, /stats, /void.

`server` imports `kg`, never the other way round (one exception: `stancekg serve`).
"""

from .app import create_app as create_app

__all__ = ["create_app"]
