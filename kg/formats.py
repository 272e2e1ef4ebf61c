"""Tables of rows as CSV, JSON or an aligned text table: one place for the CLI's output formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence


def format_rows(columns: Sequence[str], rows: Sequence[dict[str, str]], fmt: str) -> str:
    """Render rows (dicts keyed by column) as `csv`, `json` or `table`.

    >>> print(format_rows(["a", "b"], [{"a": "1", "b": "x"}], "csv").strip())
    a,b
    1,x
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps([{c: r.get(c, "") for c in columns} for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _text_table(columns, rows)
    raise ValueError(f"unknown format {fmt!r}")


def _text_table(columns: Sequence[str], rows: Sequence[dict[str, str]], width: int = 48) -> str:
    def cell(v: object) -> str:
        s = " ".join(str(v if v is not None else "").split())
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cell(r.get(c, "")) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} rows)"]) + "\n"
