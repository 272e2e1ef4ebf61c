"""Drafts in the annotation format (kg/annotation.schema.json) and their stance table.

A draft is a dict ready for YAML: `article.machine_made: true`, annotator `stancekg-extract`, the
actors it mentions, and every stance with its quote (the sentence, exactly as in the text, with
`occurrence` when that sentence occurs more than once), a confidence and a note naming the trigger.
This module formats; it finds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from ..gazetteer import Gazetteer
from .modality import resolve_time
from .pipeline import DEFAULT_MAX_BYTES, Extraction, extract

ANNOTATOR = "stancekg-extract"
STANCE_COLUMNS = ("article", "holder", "holder_wikidata", "stance", "polarity", "target", "target_wikidata",
                  "topic", "modality", "confidence", "quote", "start", "end")
"""The stance table's columns, the same as `stancekg stances` prints."""
_DATE = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")


def _occurrence(text: str, quote: str, start: int) -> int | None:
    """1-based index of the occurrence of `quote` that starts at `start`, or None when it is unique."""
    positions = []
    i = text.find(quote)
    while i != -1:
        positions.append(i)
        i = text.find(quote, i + 1)
    return positions.index(start) + 1 if len(positions) > 1 else None


def to_annotation(ex: Extraction, *, published: str | None = None, source: str | None = None,
                  title: str | None = None, publisher: str | None = None, url: str | None = None) -> dict[str, Any]:
    """The extraction as an annotation dict (schema order), machine-made."""
    note = "Machine draft: check every stance before ingesting it as curated."
    given = published  # a stance is dated by the text or by this, never by today's stand-in
    if published is None:
        published = dt.date.today().isoformat()
        note += " The publication date was not given or found in the text; today's date stands in for it."
    article: dict[str, Any] = {"title": title or ex.title, "publisher": publisher, "published": published}
    if url:
        article["url"] = url
    article.update({"language": "en", "annotator": ANNOTATOR, "machine_made": True,
                    "note": note + (f" Source: {source}." if source else "")})
    used: set[str] = set()
    stances = []
    for s in ex.stances:
        quote = ex.text[s.start:s.end]
        item: dict[str, Any] = {"holder": s.holder, "type": s.type}
        if s.target:
            item["target"] = s.target
        item.update({"polarity": s.polarity, "modality": s.modality, "certainty": s.certainty})
        # a historical stance without a date of its own is not dated by the publication
        time = resolve_time(s.when, given if s.modality != "historical" else None, future=s.modality == "future")
        if time:
            item["time"] = time
        if s.stated_by:
            item["stated_by"] = s.stated_by
        if s.via:
            item["via"] = list(s.via)
        item["confidence"] = s.confidence
        item["quote"] = quote
        occurrence = _occurrence(ex.text, quote, s.start)
        if occurrence:
            item["occurrence"] = occurrence
        item["note"] = f"trigger: {s.trigger!r}"
        stances.append(item)
        used.update(k for k in (s.holder, s.target, s.stated_by, *s.via) if k)
    # actors the stances name, plus those they refer to (governs, affiliated_with, controlled_by)
    actors = ex.registry.actors
    pending = sorted(used)
    keep: list[str] = []
    while pending:
        key = pending.pop(0)
        if key in keep or key not in actors:
            continue
        keep.append(key)
        a = actors[key]
        pending.extend(k for k in (a.governs, a.affiliated_with, a.controlled_by) if k)
    return {"article": article, "actors": [actors[k].as_annotation() for k in sorted(keep)], "stances": stances}


def draft_annotation(text: str, *, source: str | None = None, published: str | None = None,
                     title: str | None = None, publisher: str | None = None, url: str | None = None,
                     gazetteer: Gazetteer | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Draft an annotation for an English news article: the dict `stancekg ingest --auto` stores.

    `published` (ISO date) anchors tenures and "historical" modality; without it a dateline near the
    top of the text is used, else today's date, and the draft's note says which. Every quote occurs
    in `text` exactly. Raises ExtractionError for empty, binary, non-English or oversized text, and
    for a `published` that is not an ISO date.

    >>> draft = draft_annotation("Britain condemned Russia on Monday.", published="2018-03-12")
    >>> [(s["holder"], s["type"], s["target"], s["modality"]) for s in draft["stances"]]
    [('united-kingdom', 'criticize', 'russia', 'asserted')]
    """
    if published is not None and not _DATE.match(published):
        from ..errors import ExtractionError

        raise ExtractionError(f"published must be an ISO date such as 2017-04-11, not {published!r}")
    found = find_date(text) if published is None else None
    published = published or found
    ex = extract(text, published=published, gazetteer=gazetteer, max_bytes=max_bytes, source=source)
    annotation = to_annotation(ex, published=published, source=source, title=title, publisher=publisher, url=url)
    if found:
        annotation["article"]["note"] += f" The publication date {found} was read from the text's dateline."
    return annotation


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}),? ((?:19|20)\d\d)\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]+),? ((?:19|20)\d\d)\b")


def find_date(text: str, *, within: int = 600) -> str | None:
    """A publication date written near the top of the article (a dateline or byline), as ISO, or None.

    >>> find_date("LONDON, April 11, 2017 (Reuters) - Britain condemned ...")
    '2017-04-11'
    >>> find_date("Britain condemned Russia in 2013.") is None
    True
    """
    head = text[:within]
    found: list[tuple[int, str]] = []
    for m in _ISO_DATE.finditer(head):
        found.append((m.start(), m.group(0)))
    for m in _MONTH_DAY_YEAR.finditer(head):
        month = _MONTHS.get(m.group(1).lower()) or _MONTHS.get(_month_abbrev(m.group(1)))
        if month and 1 <= int(m.group(2)) <= 31:
            found.append((m.start(), f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"))
    for m in _DAY_MONTH_YEAR.finditer(head):
        month = _MONTHS.get(m.group(2).lower()) or _MONTHS.get(_month_abbrev(m.group(2)))
        if month and 1 <= int(m.group(1)) <= 31:
            found.append((m.start(), f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"))
    for _, iso in sorted(found):
        try:
            dt.date.fromisoformat(iso)
        except ValueError:
            continue
        return iso
    return None


def _month_abbrev(word: str) -> str:
    prefix = word.lower()[:3]
    return next((m for m in _MONTHS if m.startswith(prefix)), "") if len(word) <= 4 else ""


def dump_yaml(annotation: dict[str, Any]) -> str:
    """The annotation as YAML text, keys in schema order, Unicode kept as is."""
    return yaml.safe_dump(annotation, sort_keys=False, allow_unicode=True, width=110)


def write_draft(annotation: dict[str, Any], path: Path | str) -> Path:
    """Write the annotation as YAML to `path`."""
    target = Path(path)
    target.write_text(dump_yaml(annotation), encoding="utf-8")
    return target


def stance_rows(annotation: dict[str, Any], text: str, *, article: str | None = None) -> list[dict[str, str]]:
    """The draft's stances as stance-table rows, as `stancekg stances` prints them once ingested:
    columns STANCE_COLUMNS, strings only, actors by label, the article by its id (the first 16 hex
    digits of the text's SHA-256)."""
    qids = {a["key"]: a.get("wikidata", "") for a in annotation.get("actors", [])}
    labels = {a["key"]: a.get("label", a["key"]) for a in annotation.get("actors", [])}
    article = article if article is not None else hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    rows = []
    for s in annotation.get("stances", []):
        quote = s["quote"]
        start = _nth(text, quote, s.get("occurrence", 1))
        target = s.get("target", "")
        rows.append({
            "article": article, "holder": labels.get(s["holder"], s["holder"]),
            "holder_wikidata": qids.get(s["holder"], ""),
            "stance": s["type"], "polarity": s.get("polarity", ""), "target": labels.get(target, target),
            "target_wikidata": qids.get(target, ""), "topic": s.get("topic", ""),
            "modality": s.get("modality", "asserted"), "confidence": str(s.get("confidence", "")),
            "quote": quote, "start": str(start), "end": str(start + len(quote)),
        })
    return rows


def _nth(text: str, quote: str, n: int) -> int:
    i = -1
    for _ in range(n):
        i = text.find(quote, i + 1)
    return i
