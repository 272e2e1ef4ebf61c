"""Guard against drift between the code and the ontology (issue 3, item 7).

Every skg: and stype: term that kg/, server/ or queries/ spells out (SKG.x, SKG["x"], "skg:x" in a
SPARQL string or a .rq file) must be declared by ontology/*.ttl; every skg: term the ontology
declares must carry rdfs:label and rdfs:comment.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, RDFS, URIRef

from kg.namespaces import SKG, STANCE_TYPE
from kg.ontology import ontology_graph

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("kg", "server", "queries")
SUFFIXES = {".py", ".rq", ".ttl", ".html", ".js", ".yaml", ".md"}
NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
PATTERNS = {
    str(SKG): [re.compile(r"\bSKG\." + NAME), re.compile(r"\bSKG\[[\"']" + NAME + r"[\"']\]"),
               re.compile(r"(?<![\w/#-])skg:" + NAME)],
    str(STANCE_TYPE): [re.compile(r"\bSTANCE_TYPE\." + NAME), re.compile(r"\bSTANCE_TYPE\[[\"']" + NAME + r"[\"']\]"),
                       re.compile(r"(?<![\w/#-])stype:" + NAME)],
}
# Python attributes of rdflib's Namespace class, not terms.
NOT_TERMS = {"term", "title", "format", "startswith", "replace", "encode", "split"}


def _source_files() -> list[Path]:
    files = []
    for top in SCANNED:
        base = ROOT / top
        if not base.exists():
            continue
        for path in base.rglob("*"):
            if path.is_symlink() or any(p.is_symlink() for p in path.parents if base in p.parents):
                continue  # kg/data/ontology and kg/data/queries point at folders scanned or declared elsewhere
            if path.is_file() and path.suffix in SUFFIXES and "vendor" not in path.parts \
                    and "node_modules" not in path.parts:
                files.append(path)
    return files


def used_terms() -> dict[URIRef, set[str]]:
    """Every skg:/stype: IRI the code spells out, with the files that use it."""
    found: dict[URIRef, set[str]] = {}
    for path in _source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for namespace, patterns in PATTERNS.items():
            for pattern in patterns:
                for name in pattern.findall(text):
                    if name in NOT_TERMS:
                        continue
                    found.setdefault(URIRef(namespace + name), set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_terms_the_code_is_known_to_use() -> None:
    used = used_terms()
    # kg/validate.py, kg/protege.py and kg/ontology.py spell these; a scan that misses them is broken.
    assert SKG.text in used and SKG.defaultPolarity in used and SKG.Positive in used


def test_every_term_the_code_uses_is_declared_by_the_ontology() -> None:
    graph = ontology_graph()
    declared = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    missing = {str(term): sorted(files) for term, files in used_terms().items() if term not in declared}
    assert not missing, f"terms used in code but not declared in ontology/*.ttl: {missing}"


def test_every_declared_skg_term_has_a_label_and_a_comment() -> None:
    graph = ontology_graph()
    terms = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(SKG))}
    assert len(terms) > 150
    bare = sorted(str(t) for t in terms
                  if graph.value(t, RDFS.label) is None or graph.value(t, RDFS.comment) is None)
    assert not bare, f"skg: terms without rdfs:label or rdfs:comment: {bare}"


def test_every_stance_type_has_a_label_and_a_definition() -> None:
    from rdflib.namespace import SKOS

    graph = ontology_graph()
    types = set(graph.subjects(SKOS.inScheme, STANCE_TYPE.scheme))
    assert len(types) >= 20
    assert all(graph.value(t, SKOS.prefLabel) and graph.value(t, SKOS.definition) for t in types)
