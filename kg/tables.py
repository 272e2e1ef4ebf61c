"""The stance and sanction tables: one row per stance or measure, as researchers read them.

Columns are fixed (design.md, "Interfaces people use"); `*_wikidata` is a bare QID or empty and
polarity is `+1`, `-1`, `0` or `d`. Both tables are single SPARQL queries run in the store's engine.
"""

from __future__ import annotations

from rdflib import Dataset, Literal

from .namespaces import ACTORS_GRAPH, sparql_prefixes

STANCE_COLUMNS = ("article", "holder", "holder_wikidata", "stance", "polarity", "target", "target_wikidata",
                  "topic", "modality", "confidence", "quote", "start", "end")
SANCTION_COLUMNS = ("measure", "imposer", "imposer_wikidata", "target", "target_wikidata", "status", "backers",
                    "backers_wikidata", "resisters", "resisters_wikidata", "quote")

_POLARITY = {"Positive": "+1", "Negative": "-1", "Neutral": "0", "Directive": "d"}

_STANCES = sparql_prefixes() + f"""
SELECT ?article ?holder ?holder_wikidata ?stance ?polarity ?target ?target_wikidata ?topic ?modality
       ?confidence ?quote ?start ?end
WHERE {{
  GRAPH ?g {{
    ?s a skg:Stance ; skg:inArticle ?a ; skg:holder ?h ; skg:stanceType ?type ; skg:polarity ?pol ;
       skg:modality ?mod ; skg:confidence ?confidence ; skg:evidence ?ev .
    ?ev oa:hasTarget ?t .
    ?t oa:hasSelector ?qs, ?ps .
    ?qs a oa:TextQuoteSelector ; oa:exact ?quote .
    ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    OPTIONAL {{ ?s skg:target ?tg }}
  }}
  #ARTICLE-FILTER
  BIND(STRAFTER(STR(?a), "/id/article/") AS ?article)
  BIND(STRAFTER(STR(?type), "/stance-type/") AS ?stance)
  BIND(STRAFTER(STR(?pol), "#") AS ?polarity)
  BIND(LCASE(STRAFTER(STR(?mod), "#")) AS ?modality)
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?h rdfs:label ?holder }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?h skg:wikidataId ?holder_wikidata }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?tg rdfs:label ?target }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?tg skg:wikidataId ?target_wikidata }} }}
  OPTIONAL {{ GRAPH ?g {{ ?s skg:topic ?tp }} GRAPH ?tpg {{ ?tp rdfs:label ?topicLabel }} }}
  BIND(COALESCE(?topicLabel, "") AS ?topic)
}}
ORDER BY ?article ?start ?holder ?stance
"""

_SANCTIONS = sparql_prefixes() + f"""
SELECT ?m ?measure ?imposer ?imposer_wikidata ?target ?target_wikidata ?status ?quote ?start
WHERE {{
  GRAPH ?g {{
    ?m a skg:SanctionMeasure ; rdfs:label ?measure ; skg:sanctionTarget ?t ; skg:sanctionStatus ?st .
    OPTIONAL {{ ?m skg:imposer ?i }}
    OPTIONAL {{ ?m skg:evidence/oa:hasTarget/oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?quote .
               ?m skg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps oa:start ?start }}
  }}
  BIND(STRAFTER(STR(?st), "#") AS ?statusName)
  BIND(CONCAT(LCASE(SUBSTR(?statusName, 1, 1)), SUBSTR(?statusName, 2)) AS ?status)
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?i rdfs:label ?imposer }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?i skg:wikidataId ?imposer_wikidata }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?t rdfs:label ?target }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?t skg:wikidataId ?target_wikidata }} }}
}}
ORDER BY ?measure ?start
"""

_SIDES = sparql_prefixes() + f"""
SELECT DISTINCT ?m ?side ?label ?qid
WHERE {{
  GRAPH ?g {{ ?m ?edge ?actor . VALUES (?edge ?side) {{ (skg:backedBy "backers") (skg:resistedBy "resisters") }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?actor rdfs:label ?label }} }}
  OPTIONAL {{ GRAPH <{ACTORS_GRAPH}> {{ ?actor skg:wikidataId ?qid }} }}
}}
ORDER BY ?label
"""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def stance_table(ds: Dataset, article: str | None = None) -> list[dict[str, str]]:
    """One row per stance (all articles, or the one whose id is `article`), in text order.

    >>> from kg import open_store
    >>> stance_table(open_store("memory:"))
    []
    """
    only = f"FILTER(STRAFTER(STR(?a), \"/id/article/\") = {Literal(article).n3()})" if article else ""
    query = _STANCES.replace("#ARTICLE-FILTER", only)
    seen: set[tuple[str, ...]] = set()
    rows = []
    for result in ds.query(query):
        row = {c: _text(result[c]) for c in STANCE_COLUMNS}  # type: ignore[index]
        row["polarity"] = _POLARITY.get(row["polarity"], row["polarity"])
        key = tuple(row.values())
        if key not in seen:  # the union default graph may repeat a row; a table shows it once
            seen.add(key)
            rows.append(row)
    return rows


def sanction_table(ds: Dataset) -> list[dict[str, str]]:
    """One row per sanction measure; backers and resisters joined with `|` (labels and QIDs aligned)."""
    sides: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for r in ds.query(_SIDES):
        sides.setdefault(str(r["m"]), {}).setdefault(str(r["side"]), []).append(  # type: ignore[index]
            (_text(r["label"]), _text(r["qid"])))  # type: ignore[index]
    rows: dict[str, dict[str, str]] = {}
    for r in ds.query(_SANCTIONS):
        m = str(r["m"])  # type: ignore[index]
        if m in rows:
            continue
        row = {c: _text(r[c]) for c in SANCTION_COLUMNS if c not in (  # type: ignore[index]
            "backers", "backers_wikidata", "resisters", "resisters_wikidata")}
        for side in ("backers", "resisters"):
            members = sorted(set(sides.get(m, {}).get(side, [])))
            row[side] = "|".join(label for label, _ in members)
            row[f"{side}_wikidata"] = "|".join(qid for _, qid in members)
        rows[m] = {c: row.get(c, "") for c in SANCTION_COLUMNS}
    return list(rows.values())
