"""stancekg: news articles as a grounded diplomatic-stance knowledge graph.

The flow runs one way: text → annotation (kg.annotation) → triples (kg.triples) → store (kg.store)
→ queries (kg.tables, kg.queries) → HTTP (the `server` package). This package has no web code.

>>> from kg import open_store, ingest_bundled, stance_table
>>> ds = open_store("memory:oxigraph")
>>> [r.changed for r in ingest_bundled(ds)]
[True]
>>> any(r["stance"] == "oppose" and r["target"] == "Bashar al-Assad" for r in stance_table(ds))
True
"""

from .annotation import Annotation as Annotation
from .annotation import load_annotation as load_annotation
from .annotation import read_article as read_article
from .errors import StanceKGError as StanceKGError
from .ingest import IngestResult as IngestResult
from .ingest import delete_article as delete_article
from .ingest import ingest_article as ingest_article
from .ingest import ingest_bundled as ingest_bundled
from .settings import Settings as Settings
from .store import open_store as open_store
from .summaries import summarize as summarize
from .tables import SANCTION_COLUMNS as SANCTION_COLUMNS
from .tables import STANCE_COLUMNS as STANCE_COLUMNS
from .tables import sanction_table as sanction_table
from .tables import stance_table as stance_table

__all__ = [
    "SANCTION_COLUMNS", "STANCE_COLUMNS", "Annotation", "IngestResult", "Settings", "StanceKGError",
    "delete_article", "ingest_article", "ingest_bundled", "load_annotation", "open_store", "read_article",
    "sanction_table", "stance_table", "summarize",
]
