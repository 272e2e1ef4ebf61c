"""Run SPARQL queries and updates on the store's own engine and write the results.

- An Oxigraph-backed Dataset: pyoxigraph directly (`kg.store.native_oxigraph`), the union of all
  graphs as default graph, results written by pyoxigraph's own serializers (no Python per row
  for SELECT; CONSTRUCT triples are counted in Python, then written natively).
- Any other store (rdflib's `memory:`, a remote `sparql:` store): through the Dataset's own
  `query` / `update`, which rdflib evaluates or the remote store forwards.

The protocol's dataset (default-graph-uri, named-graph-uri) replaces any FROM / FROM NAMED of the
query (SPARQL 1.1 Protocol, 2.1.4). using-graph-uri / using-named-graph-uri become USING clauses;
together with USING or WITH in the text they are refused (400), as the protocol requires.
Foreign exceptions stop here: pyoxigraph's SyntaxError and pyparsing's ParseException become
QuerySyntaxError with line and column, OSError becomes StoreError.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql.sparql import SPARQLError

from kg.errors import ProtocolError, QuerySyntaxError, StoreError
from kg.namespaces import PREFIXES
from kg.settings import Settings
from kg.store import native_oxigraph, write_lock

from . import results
from .lexer import Token, add_using, first_operation_word, has_word, tokenize
from .safety import (
    Deadline,
    LimitedSink,
    check_reach,
    check_shape,
    result_too_large,
    run_with_big_stack,
    run_with_deadline,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class Answer:
    """A finished response body: bytes already written, and its media type."""

    body: bytes
    media_type: str


@dataclass(frozen=True)
class QueryRequest:
    """One query as the protocol delivers it."""

    text: str
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None  # None: the protocol named no dataset
    named_graphs: tuple[str, ...] | None = None
    accept: str | None = None
    format: str | None = None


class Engine:
    """Queries and updates on one store, under one Settings' limits. Thread-safe."""

    def __init__(self, store: Dataset, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self.native = native_oxigraph(store)
        self.slots = threading.BoundedSemaphore(max(4, settings.threads * 2))

    # ---------- queries ----------
    def query(self, request: QueryRequest) -> Answer:
        """Evaluate a query and write its result in the negotiated format.

        Raises QuerySyntaxError (the parser's message, line and column), ForbiddenOperationError,
        NotAcceptableError, QueryTimeoutError, ResultTooLargeError, StoreError.
        """
        tokens = tokenize(request.text)
        check_shape(tokens, update=False)
        check_reach(tokens, base_iri=request.base_iri, settings=self.settings, update=False)
        if self.native is not None:
            job = lambda deadline: self._query_oxigraph(request, tokens, deadline)  # noqa: E731
        else:
            job = lambda deadline: self._query_rdflib(request, tokens, deadline)  # noqa: E731
        return run_with_deadline(job, timeout=self.settings.query_timeout, slots=self.slots)

    def _query_oxigraph(self, request: QueryRequest, tokens: list[Token], deadline: Deadline) -> Answer:
        assert self.native is not None
        kwargs: dict[str, Any] = {}
        if request.default_graphs is not None or request.named_graphs is not None:
            try:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs or ()]
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
            except ValueError as e:
                raise ProtocolError(f"default-graph-uri and named-graph-uri take absolute IRIs: {e}") from e
        elif not has_word(tokens, "FROM"):
            # Oxigraph's union flag would override a FROM clause; the query's own dataset wins then.
            kwargs["use_default_graph_as_union"] = True
        try:
            result = self.native.query(request.text, base_iri=request.base_iri, **kwargs)
        except SyntaxError as e:
            raise _syntax_error(e, tokens, expected="query") from e
        except (ValueError, RuntimeError) as e:  # bad IRIs in the protocol dataset, SERVICE failures
            raise ProtocolError(f"the query cannot run: {e}") from e
        except OSError as e:
            raise StoreError(f"the store could not be read: {e}") from e
        deadline.check()
        max_rows = self.settings.max_result_rows
        try:
            if isinstance(result, ox.QueryTriples):
                fmt = results.choose("graph", request.accept, request.format)
                triples = []
                for i, triple in enumerate(result):
                    if i % 1024 == 0:
                        deadline.check()
                    if i >= max_rows:
                        raise result_too_large(max_rows)
                    triples.append(triple)
                body = ox.serialize(triples, format=getattr(ox.RdfFormat, fmt.engine_name), prefixes=PREFIXES)
                return Answer(body or b"", fmt.media_type)
            fmt = results.choose("results", request.accept, request.format)
            sink = LimitedSink(engine_format=fmt.engine_name, max_rows=max_rows, deadline=deadline)
            result.serialize(sink, format=getattr(ox.QueryResultsFormat, fmt.engine_name))
            return Answer(sink.getvalue(), fmt.media_type)
        except (RuntimeError, ValueError) as e:  # an evaluation error surfacing while rows are produced
            raise ProtocolError(f"the query failed while running: {e}") from e
        except OSError as e:
            raise StoreError(f"the store could not be read: {e}") from e

    def _query_rdflib(self, request: QueryRequest, tokens: list[Token], deadline: Deadline) -> Answer:
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        dataset_given = request.default_graphs is not None or request.named_graphs is not None
        remote = getattr(self.store.store, "replace_graphs", None) is not None
        if remote:
            if dataset_given:
                raise ProtocolError("default-graph-uri / named-graph-uri are not supported on a remote store; "
                                    "use FROM / FROM NAMED in the query")
            try:
                result = self.store.query(request.text)
            except ParseException as e:
                raise QuerySyntaxError(f"{e.msg} at line {e.lineno}, column {e.col}", line=e.lineno,
                                       column=e.col) from e
        else:
            try:
                prepared = prepareQuery(request.text, base=request.base_iri)
            except ParseException as e:
                raise _rdflib_syntax_error(e, tokens, expected="query") from e
            if dataset_given:
                prepared.algebra["datasetClause"] = [
                    *(CompValue("DatasetClause", default=URIRef(g)) for g in request.default_graphs or ()),
                    *(CompValue("DatasetClause", named=URIRef(g)) for g in request.named_graphs or ()),
                ]
            try:
                result = self.store.query(prepared)
            except SPARQLError as e:
                raise _rdflib_evaluation_error(e) from e
        deadline.check()
        max_rows = self.settings.max_result_rows
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            fmt = results.choose("graph", request.accept, request.format)
            graph = result.graph
            assert graph is not None
            if len(graph) > max_rows:
                raise result_too_large(max_rows)
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns)
            return Answer(graph.serialize(format=_RDFLIB_GRAPH[fmt.name], encoding="utf-8"), fmt.media_type)
        fmt = results.choose("results", request.accept, request.format)
        try:  # rdflib evaluates lazily: its evaluation errors surface while rows are counted and written
            if result.type == "SELECT" and len(result) > max_rows:
                raise result_too_large(max_rows)
            return Answer(_rdflib_results(result, fmt.name), fmt.media_type)
        except SPARQLError as e:
            raise _rdflib_evaluation_error(e) from e

    # ---------- updates ----------
    def update(self, text: str, *, base_iri: str | None = None, using: tuple[str, ...] = (),
               using_named: tuple[str, ...] = ()) -> None:
        """Apply an update atomically: all of its operations or none.

        The corpus tallies are kept by ingest, not here: after an update that changes stances, events,
        memberships or tenures, `stancekg summarize` counts the article graphs again and rebuilds the
        summaries graph from them.

        Raises QuerySyntaxError, ProtocolError (USING or WITH in the text together with
        using-graph-uri / using-named-graph-uri), ForbiddenOperationError (LOAD, SERVICE), StoreError.
        """
        tokens = tokenize(text)
        check_shape(tokens, update=True)
        check_reach(tokens, base_iri=base_iri, settings=self.settings, update=True)
        if using or using_named:
            if has_word(tokens, "USING", "WITH"):
                raise ProtocolError(
                    "the update names its dataset with USING or WITH and the request also sends "
                    "using-graph-uri / using-named-graph-uri; the SPARQL 1.1 Protocol (2.2.3) makes that an error")
            text = add_using(text, list(using), list(using_named))
        with write_lock:  # after ingests in this process, never between a summary's read and its write
            self._apply_update(text, tokens, base_iri)

    def _apply_update(self, text: str, tokens: list[Token], base_iri: str | None) -> None:
        if self.native is not None:
            try:
                native = self.native
                run_with_big_stack(lambda: native.update(text, base_iri=base_iri))
            except SyntaxError as e:
                raise _syntax_error(e, tokens, expected="update") from e
            except OSError as e:
                raise StoreError(f"the store could not be written, nothing was changed: {e}") from e
            except (RuntimeError, ValueError) as e:
                raise ProtocolError(f"the update failed, nothing was changed: {e}") from e
            return
        from pyparsing import ParseException
        from rdflib.plugins.sparql.processor import prepareUpdate

        remote = getattr(self.store.store, "replace_graphs", None) is not None
        try:
            if remote:
                self.store.update(text)
            else:
                self.store.update(prepareUpdate(text, base=base_iri))
        except ParseException as e:
            raise _rdflib_syntax_error(e, tokens, expected="update") from e


_POSITION = re.compile(r"error at (\d+):(\d+)")
_CHAR_CLASS = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]")


def _hint(tokens: list[Token], expected: str) -> str:
    word = first_operation_word(tokens)
    if expected == "query" and word in UPDATE_FORMS:
        return f" ({word} is an update: send it as `update=` or with Content-Type application/sparql-update)"
    if expected == "update" and word in QUERY_FORMS:
        return f" ({word} is a query: send it as `query=` or with Content-Type application/sparql-query)"
    return ""


def _syntax_error(e: SyntaxError, tokens: list[Token], *, expected: str) -> QuerySyntaxError:
    message = str(e.msg if e.msg else e)
    m = _POSITION.search(message)
    line, column = (int(m.group(1)), int(m.group(2))) if m else (e.lineno, e.offset)
    message = _POSITION.sub(lambda m: f"syntax error at line {m.group(1)}, column {m.group(2)}", message)
    # Oxigraph lists the Unicode ranges of name characters one by one; one phrase says the same.
    message = _CHAR_CLASS.sub("a name character", message).replace("\n", " ")
    return QuerySyntaxError(f"{message}{_hint(tokens, expected)}", line=line, column=column)


def _rdflib_evaluation_error(e: SPARQLError) -> StoreError:
    """rdflib's engine fails on some valid queries (NotBoundError: an aggregate over a variable it left unbound)."""
    return StoreError(f"rdflib's query engine could not evaluate this query ({type(e).__name__}: {e}); "
                      "an Oxigraph store (oxigraph:PATH) evaluates it")


def _rdflib_syntax_error(e: Any, tokens: list[Token], *, expected: str) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"syntax error at line {e.lineno}, column {e.col}: {e.msg}{_hint(tokens, expected)}",
        line=e.lineno, column=e.col)


_RDFLIB_GRAPH = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld", "trig": "trig",
                 "nquads": "nquads"}


def _rdflib_results(result: Any, name: str) -> bytes:
    """SELECT / ASK results from rdflib's engine, in JSON, XML, CSV or TSV."""
    if name == "tsv":
        return _tsv(result)
    if result.type == "ASK" and name in ("csv",):
        return b"true" if result.askAnswer else b"false"
    return result.serialize(format=name, encoding="utf-8")  # type: ignore[no-any-return]


def _tsv(result: Any) -> bytes:
    if result.type == "ASK":
        return b"true" if result.askAnswer else b"false"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")
