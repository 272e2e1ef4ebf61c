"""Check a store's data against ontology/shapes.ttl and against the article texts themselves.

Two checks, one report: pyshacl runs the SHACL shapes over the union of the data graphs (every
named graph but the ontology graph) plus the shipped ontology, so sh:class follows rdfs:subClassOf
and sees the stance types; then every oa:TextPositionSelector is sliced out of its article's skg:text
and compared with the quote selector's oa:exact (and its prefix and suffix), which SHACL cannot do.
This module only reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF

from .errors import ShapeViolationError
from .namespaces import OA, ONTOLOGY_GRAPH, SH, SKG
from .ontology import ontology_graph, shapes_graph


@dataclass(frozen=True)
class ValidationReport:
    """What `validate_store` found: `conforms` is True when `violations` is empty."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    focus_nodes: int = 0
    selectors_checked: int = 0
    shacl_text: str = ""


def data_graph(ds: Dataset) -> Graph:
    """The union of every named graph but the ontology graph, as one Graph (a copy)."""
    merged = Graph()
    for graph in ds.graphs():
        if graph.identifier == ONTOLOGY_GRAPH:
            continue
        for triple in graph:
            merged.add(triple)
    return merged


def validate_graph(data: Graph) -> ValidationReport:
    """Run the SHACL shapes and the selector check on one graph of data; never raises on bad data."""
    import pyshacl

    # The ontology is added to a copy of the data rather than passed as pyshacl's ont_graph:
    # pyshacl "inoculates" only class axioms from it, not the stance-type individuals that
    # sh:class skg:StanceType needs to see typed.
    combined = Graph()
    combined += data
    combined += ontology_graph()
    _conforms, results, text = pyshacl.validate(
        combined, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True)
    violations: list[str] = []
    focus: set[str] = set()
    assert isinstance(results, Graph)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        focus.add(str(node))
        where = f"{node}" + (f" {path}" if path is not None else "")
        violations.append(f"{where}: {message}")
    selector_problems, checked = check_selectors(data)
    violations.extend(selector_problems)
    violations.sort()
    return ValidationReport(conforms=not violations, violations=violations, focus_nodes=len(focus),
                            selectors_checked=checked, shacl_text=str(text))


def check_selectors(data: Graph) -> tuple[list[str], int]:
    """Slice every position selector out of its article text; compare with the quote selector.

    Returns (problems, number of position selectors checked). Offsets are Unicode code points,
    end exclusive, exactly Python's `str` slicing.
    """
    problems: list[str] = []
    checked = 0
    for target in set(data.subjects(OA.hasSelector, None)):
        source = data.value(target, OA.hasSource)
        text = data.value(source, SKG.text) if source is not None else None
        quotes = [s for s in data.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in data]
        positions = [s for s in data.objects(target, OA.hasSelector)
                     if (s, RDF.type, OA.TextPositionSelector) in data]
        for position in positions:
            checked += 1
            start, end = data.value(position, OA.start), data.value(position, OA.end)
            if not isinstance(text, Literal):
                problems.append(f"{position}: its target {target} has no source article with skg:text")
                continue
            if not isinstance(start, Literal) or not isinstance(end, Literal):
                problems.append(f"{position}: oa:start or oa:end is missing")
                continue
            body, s, e = str(text), int(start.toPython()), int(end.toPython())
            if not 0 <= s < e <= len(body):
                problems.append(f"{position}: offsets {s}..{e} lie outside the article text (length {len(body)})")
                continue
            for quote in quotes:
                exact = data.value(quote, OA.exact)
                if exact is not None and body[s:e] != str(exact):
                    problems.append(f"{position}: text[{s}:{e}] is {body[s:e]!r}, "
                                    f"the quote selector says {str(exact)!r}")
                prefix = data.value(quote, OA.prefix)
                if prefix is not None and not body[:s].endswith(str(prefix)):
                    problems.append(f"{quote}: oa:prefix {str(prefix)!r} does not precede offset {s}")
                suffix = data.value(quote, OA.suffix)
                if suffix is not None and not body[e:].startswith(str(suffix)):
                    problems.append(f"{quote}: oa:suffix {str(suffix)!r} does not follow offset {e}")
    return problems, checked


def validate_store(ds: Dataset, *, raise_on_violation: bool = True) -> ValidationReport:
    """Validate every data graph of `ds` with ontology/shapes.ttl and the text-selector check.

    Returns the report when the data conforms (or when `raise_on_violation` is False).
    Raises ShapeViolationError listing each violation (focus node, path, message) otherwise.
    Reads only; the store is unchanged.

    >>> from kg import open_store
    >>> validate_store(open_store("memory:")).conforms
    True
    """
    report = validate_graph(data_graph(ds))
    if not report.conforms and raise_on_violation:
        shown = "; ".join(report.violations[:5]) + (" ..." if len(report.violations) > 5 else "")
        raise ShapeViolationError(f"{len(report.violations)} shape violation(s) in the store: {shown}",
                                  violations=report.violations)
    return report
