"""The extractor: drafts an annotation for any English news article (issue 6).

`draft_annotation(text, *, source=..., published=...)` returns the annotation as a dict ready for
YAML, marked machine-made; `stancekg extract` and `stancekg ingest --auto` call it. Submodules,
one job each: pipeline (text checks, parsing), actors (who is mentioned), coref (pronouns),
attribution (speaker and outlets), lexicon (stance words → stance types, CAMEO, PLOVER), modality,
stances and idioms (the rules), draft (annotation format), batch (many files: process pool or Dask),
evaluate (scores against gold).
spaCy is imported only when a draft is made, so importing this package is cheap.
"""

from __future__ import annotations

from .draft import STANCE_COLUMNS, draft_annotation, dump_yaml, stance_rows, write_draft
from .pipeline import check_text, extract

__all__ = ["STANCE_COLUMNS", "check_text", "draft_annotation", "dump_yaml", "extract", "stance_rows",
           "write_draft"]
