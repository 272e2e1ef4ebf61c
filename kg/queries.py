"""Named research queries: load the `queries/*.rq` files and run them with typed parameters.

Each file in `queries/` is one research question. It opens with a header:

    # title: Who opposes an actor
    # description: Stances with negative polarity toward an actor, with the evidence quote.
    # parameters:
    #   ?target: the actor opposed (type: qid, optional)

Parameter types: `qid` (a Wikidata id such as Q858, resolved to the local entity carrying that
`skg:wikidataId`; an IRI or `id:actor/...` is also accepted), `iri`, `literal` (a plain string) and
`date` (YYYY-MM-DD, bound as a midnight-UTC xsd:dateTime). A parameter is required unless its line
says `optional`; an optional parameter left out stays unbound.

Values become RDF terms (rdflib nodes, validated by type) and are bound through a `VALUES` block
opening the query's WHERE group, written from the terms' N-Triples form: the user's raw string is
never pasted into query text, so a parameter cannot change a query's shape.

The files ship as package data: `kg/data/queries` is a symlink to the top-level `queries/` folder,
which setuptools copies into wheels and sdists as real files (`data/**/*` in pyproject.toml).

This module does no HTTP and prints nothing; the CLI and the server format what it returns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pyparsing import ParseException, ParseResults
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from .errors import (
    ForbiddenOperationError,
    QueryNotFoundError,
    QueryParameterError,
    QuerySyntaxError,
    ServiceError,
    StoreError,
)
from .namespaces import ACTORS_GRAPH, PREFIXES, SKG, WIKIDATA_SPARQL
from .settings import Settings

PARAMETER_TYPES = ("iri", "qid", "literal", "date")
"""The kinds of value a named query's parameter accepts."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM_LINE = re.compile(
    r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<meaning>.*?)\s*"
    r"\(type:\s*(?P<kind>[a-z]+)\s*(?P<optional>,\s*optional)?\s*\)\s*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
# RFC 3987 forbids these in an IRI; SPARQL's IRIREF production excludes the same set.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class QueryParameter:
    """One `?name` a named query accepts: its meaning, its type and whether it may be left out."""

    name: str
    kind: str
    meaning: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A research question from `queries/NAME.rq`: header facts plus the SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str
    path: Path

    def parameter(self, name: str) -> QueryParameter:
        """The parameter called `name` (with or without `?`). Raises QueryParameterError if unknown."""
        key = name.lstrip("?$")
        for p in self.parameters:
            if p.name == key:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryParameterError(f"query {self.name!r} has no parameter {key!r} (it takes: {known})")

    @property
    def uses_service(self) -> bool:
        """True when the query calls a remote SPARQL endpoint (SERVICE)."""
        return bool(re.search(r"\bSERVICE\b", _strip_comments(self.text), re.IGNORECASE))


def queries_dir() -> Path:
    """The folder holding the bundled `.rq` files, in a checkout and in an installed package alike."""
    return Path(__file__).resolve().parent / "data" / "queries"


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name. Raises QuerySyntaxError for a file with a broken header."""
    folder = directory or queries_dir()
    return [_load(path) for path in sorted(folder.glob("*.rq"))]


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query `name` (the file name without `.rq`).

    Raises QueryNotFoundError naming the known queries; QuerySyntaxError for a broken header.
    """
    folder = directory or queries_dir()
    if not _NAME.match(name) or not (folder / f"{name}.rq").is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.rq")))
        raise QueryNotFoundError(f"no named query {name!r}; known queries: {known}")
    return _load(folder / f"{name}.rq")


def parse_header(text: str, path: Path) -> tuple[str, str, tuple[QueryParameter, ...]]:
    """Read `# title:`, `# description:` and `# parameters:` from the comment lines opening a query.

    A description may continue on further `#   ` lines; each parameter sits on its own
    `#   ?name: meaning (type: KIND[, optional])` line, or the header says `# parameters: none`.
    Raises QuerySyntaxError naming the file and line of the first problem.
    """
    fields: dict[str, str] = {}
    params: list[QueryParameter] = []
    current: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.startswith("#"):
            break
        body = raw[1:].strip()
        match = re.match(r"^(title|description|parameters)\s*:\s*(.*)$", body)
        if match:
            current, value = match.group(1), match.group(2).strip()
            if current in fields:
                raise QuerySyntaxError(f"{path}:{lineno}: '# {current}:' appears twice", line=lineno)
            fields[current] = value
            if current == "parameters" and value not in ("", "none"):
                raise QuerySyntaxError(
                    f"{path}:{lineno}: list parameters on their own '#   ?name: ...' lines, or write 'none'",
                    line=lineno)
            continue
        if not body or current is None:
            continue
        if current == "parameters":
            param = _PARAM_LINE.match(body)
            if not param:
                raise QuerySyntaxError(
                    f"{path}:{lineno}: a parameter line reads '?name: meaning (type: iri|qid|literal|date)'",
                    line=lineno)
            if param.group("kind") not in PARAMETER_TYPES:
                raise QuerySyntaxError(
                    f"{path}:{lineno}: unknown parameter type {param.group('kind')!r} "
                    f"(known: {', '.join(PARAMETER_TYPES)})", line=lineno)
            params.append(QueryParameter(param.group("name"), param.group("kind"), param.group("meaning"),
                                         bool(param.group("optional"))))
        else:
            fields[current] = f"{fields[current]} {body}".strip()
    for key in ("title", "description", "parameters"):
        if key not in fields:
            raise QuerySyntaxError(f"{path}: the header lacks '# {key}:'")
        if key != "parameters" and not fields[key]:
            raise QuerySyntaxError(f"{path}: '# {key}:' is empty")
    if fields["parameters"] == "" and not params:
        raise QuerySyntaxError(f"{path}: '# parameters:' lists nothing; write '# parameters: none'")
    return fields["title"], fields["description"], tuple(params)


def _load(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = parse_header(text, path)
    body = _strip_comments(text)
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", body):
            raise QuerySyntaxError(f"{path}: parameter ?{p.name} is declared but the query never uses it")
    return NamedQuery(path.stem, title, description, params, text, path)


def _strip_comments(text: str) -> str:
    """The query without its comment lines (enough for our own files, whose strings hold no '#' lines)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def bind_parameters(ds: Dataset, query: NamedQuery, params: Mapping[str, str]) -> dict[str, Node]:
    """Turn the user's strings into RDF terms for `query`'s parameters.

    Raises QueryParameterError for an unknown parameter, a missing required one, a value that is not
    a valid term of its type, or a Wikidata id that no entity in the store carries.
    """
    bound: dict[str, Node] = {}
    for key, value in params.items():
        param = query.parameter(key)
        bound[param.name] = _term(ds, query, param, value)
    missing = [p.name for p in query.parameters if not p.optional and p.name not in bound]
    if missing:
        raise QueryParameterError(
            f"query {query.name!r} needs {', '.join('?' + m for m in missing)}; "
            + "; ".join(f"?{p.name}: {p.meaning} (type: {p.kind})" for p in query.parameters if p.name in missing))
    return bound


def _term(ds: Dataset, query: NamedQuery, param: QueryParameter, value: str) -> Node:
    value = value.strip()
    where = f"parameter ?{param.name} of query {query.name!r}"
    if param.kind == "literal":
        return Literal(value)
    if param.kind == "date":
        if _DATE.match(value):
            return Literal(f"{value}T00:00:00Z", datatype=XSD.dateTime)
        if _DATETIME.match(value):
            return Literal(value, datatype=XSD.dateTime)
        raise QueryParameterError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    if param.kind == "qid" and _QID.match(value):
        return resolve_wikidata_id(ds, value, where=where)
    if param.kind == "qid" and not (value.startswith("<") or _IRI_SCHEME.match(value)):
        raise QueryParameterError(f"{where}: {value!r} is neither a Wikidata id (Q followed by digits) nor an IRI")
    return _iri(value, where)


def _iri(value: str, where: str) -> URIRef:
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    if not _IRI_SCHEME.match(value) or _IRI_FORBIDDEN.search(value):
        raise QueryParameterError(f"{where}: {value!r} is not an absolute IRI")
    return URIRef(value)


_RESOLVE = f"""
SELECT DISTINCT ?entity WHERE {{
  GRAPH <{ACTORS_GRAPH}> {{ ?entity <{SKG.wikidataId}> ?qid }}
}} ORDER BY ?entity
"""


def resolve_wikidata_id(ds: Dataset, qid: str, *, where: str = "parameter") -> URIRef:
    """The local entity that carries `skg:wikidataId qid`, preferring an actor to an office or a place.

    Raises QueryParameterError when no entity, or more than one actor, carries the id.
    """
    rows = [row[0] for row in execute(ds, with_values(_RESOLVE, {"qid": Literal(qid)}))]  # type: ignore[index]
    actors = [r for r in rows if "/id/actor/" in str(r)]
    chosen = actors or rows
    if not chosen:
        raise QueryParameterError(f"{where}: no entity in the store carries Wikidata id {qid}")
    if len(chosen) > 1:
        raise QueryParameterError(
            f"{where}: Wikidata id {qid} is carried by {len(chosen)} entities ({', '.join(map(str, chosen))}); "
            "pass the IRI of the one you mean")
    return URIRef(str(chosen[0]))


def service_endpoints(text: str) -> list[str]:
    """The IRIs of the SERVICE clauses in a query, in order. Raises QuerySyntaxError if it does not parse."""
    if not re.search(r"\bSERVICE\b", text, re.IGNORECASE):
        return []
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except ParseException as e:
        raise QuerySyntaxError(f"the query does not parse: {e}", line=e.lineno, column=e.col) from e
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(str(node.get("term")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple | ParseResults):
            for item in node:
                walk(item)

    walk(tree)
    return found


def check_services(text: str, settings: Settings) -> None:
    """Refuse a query whose SERVICE endpoints are not all in `settings.service_allowlist`.

    Raises ForbiddenOperationError naming the endpoint; QuerySyntaxError if the query does not parse.
    """
    allowed_set = {iri.rstrip("/") for iri in settings.service_allowlist}
    for endpoint in service_endpoints(text):
        if endpoint.rstrip("/") not in allowed_set:
            allowed = ", ".join(settings.service_allowlist) or "none"
            raise ForbiddenOperationError(
                f"SERVICE <{endpoint}> is not allowed (allowed endpoints: {allowed}; "
                "set STANCEKG_SERVICE_ALLOWLIST)")


def prepare_text(query: NamedQuery, settings: Settings) -> str:
    """The query text to run: Wikidata's SERVICE IRI pointed at `settings.wikidata_endpoint`.

    Named queries are written against `<https://query.wikidata.org/sparql>`; a mirror or a test
    server configured as the Wikidata endpoint takes its place. Raises ForbiddenOperationError when
    an endpoint is off the allowlist.
    """
    text = query.text
    endpoint = settings.wikidata_endpoint
    if endpoint != WIKIDATA_SPARQL and query.uses_service:
        if _IRI_FORBIDDEN.search(endpoint) or not _IRI_SCHEME.match(endpoint):
            raise ForbiddenOperationError(f"the Wikidata endpoint {endpoint!r} is not an IRI")
        text = text.replace(f"<{WIKIDATA_SPARQL}>", f"<{endpoint}>")
    if query.uses_service:
        check_services(text, settings)
    return text


def run_named_query(ds: Dataset, name: str, params: Mapping[str, str] | None = None, *,
                    settings: Settings | None = None, directory: Path | None = None,
                    page: Page | None = None) -> Result:
    """Run the named query `name` on `ds` with `params` bound as RDF terms; returns rdflib's Result.
    With `page`, only that slice of the query's ordered rows.

    >>> from kg.store import open_store
    >>> result = run_named_query(open_store("oxigraph:"), "who-opposes")
    >>> len(result)
    0

    Raises QueryNotFoundError, QueryParameterError (unknown, missing or malformed value),
    ForbiddenOperationError (a SERVICE endpoint off the allowlist) and QuerySyntaxError.
    """
    settings = settings or Settings()
    return execute(ds, named_query_text(ds, load_query(name, directory), params or {}, settings, page))


def named_query_text(ds: Dataset, query: NamedQuery, params: Mapping[str, str], settings: Settings,
                     page: Page | None = None) -> str:
    """The SPARQL text that runs `query` on `ds`: its parameters bound as RDF terms (VALUES), the Wikidata
    endpoint of `settings`, and `page`'s LIMIT/OFFSET. What the CLI, /queries and the benchmarks send.

    Raises QueryParameterError, ForbiddenOperationError (as bind_parameters and prepare_text)."""
    return with_page(with_values(prepare_text(query, settings), bind_parameters(ds, query, params)), page)


@dataclass(frozen=True)
class Page:
    """A slice of a named query's rows: `limit` rows after the first `offset`, in the query's ORDER BY."""

    limit: int
    offset: int = 0

    @classmethod
    def parse(cls, limit: str | int | None, offset: str | int | None, settings: Settings) -> Page | None:
        """The page the user asked for (None when neither is given).

        Raises QueryParameterError unless `limit` is a whole number from 1 to `settings.max_result_rows`
        and `offset` one from 0; an offset alone pages by max_result_rows."""
        if limit is None and offset is None:
            return None
        most = settings.max_result_rows
        size = most if limit is None else _whole(limit, "limit", 1, most)
        return cls(size, 0 if offset is None else _whole(offset, "offset", 0, None))


def _whole(value: str | int, name: str, low: int, high: int | None) -> int:
    """`value` as an int from `low` to `high` (no upper bound for None); QueryParameterError otherwise."""
    text = str(value).strip()
    number = int(text) if text.isdigit() else -1
    if number < low or (high is not None and number > high):
        upto = f" to {high:,} (setting max_result_rows)" if high is not None else " or more"
        raise QueryParameterError(f"{name} must be a whole number from {low}{upto}, not {str(value)!r}")
    return number


def with_page(text: str, page: Page | None) -> str:
    """`text` with `LIMIT`/`OFFSET` for `page` appended to its solution modifiers (unchanged for None).

    Every named query ends in an ORDER BY, so consecutive pages continue each other on an unchanged store.
    Raises QueryParameterError for a query that has its own LIMIT or OFFSET.

    >>> print(with_page("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", Page(10, 20)), end="")
    SELECT * WHERE { ?s ?p ?o } ORDER BY ?s
    LIMIT 10 OFFSET 20
    """
    if page is None:
        return text
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", _strip_comments(text).rstrip(), re.IGNORECASE):
        raise QueryParameterError("this query sets its own LIMIT or OFFSET: it cannot be paged")
    return f"{text.rstrip()}\nLIMIT {page.limit} OFFSET {page.offset}\n"


def with_values(text: str, bindings: Mapping[str, Node]) -> str:
    """`text` with `VALUES ?name { term }` opening its WHERE group, one block per binding.

    The terms are rdflib nodes written in N-Triples syntax (`Node.n3()`, which escapes quotes and
    line breaks), never the user's raw string, so a value cannot change the query's shape. A VALUES
    block at the start of the group binds the variable for every pattern and FILTER in it, the same
    on every SPARQL engine (pyoxigraph's own substitutions skip FILTER scopes, rdflib's do not).
    A SERVICE group that mentions the variable gets the block too: Oxigraph sends a SERVICE pattern
    to the remote endpoint as it is written, without the outer bindings, and Wikidata can only
    answer a pattern that names its items.

    >>> print(with_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a")}))
    SELECT * WHERE { VALUES ?s { <http://example.org/a> } ?s ?p ?o }
    """
    if not bindings:
        return text
    braces = _group_braces(text)
    inserts: list[tuple[int, str]] = []
    for name, term in bindings.items():
        block = f" VALUES ?{name} {{ {term.n3()} }}"
        inserts.append((braces.where, block))
        for start, end in braces.services:
            if re.search(rf"[?$]{name}\b", text[start:end]):
                inserts.append((start, block))
    for at, block in sorted(inserts, key=lambda item: item[0], reverse=True):
        text = f"{text[: at + 1]}{block}{text[at + 1:]}"
    return text


@dataclass(frozen=True)
class _Braces:
    where: int
    services: tuple[tuple[int, int], ...]


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _group_braces(text: str) -> _Braces:
    """Where the WHERE group opens (after a CONSTRUCT template, if any) and each SERVICE group's span.

    Skips comments, strings and IRIs, so a brace or a `#` inside them is not taken for syntax.
    Raises QuerySyntaxError when there is no WHERE group.
    """
    i, depth, closed = 0, 0, 0
    where: int | None = None
    construct = False
    pending_service = False
    open_services: list[tuple[int, int]] = []  # (depth at open, offset of its brace)
    services: list[tuple[int, int]] = []
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
            continue
        if c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")):
            word = _WORD.match(text, i)
            assert word is not None
            upper = word.group(0).upper()
            if upper == "CONSTRUCT" and where is None and depth == 0:
                construct = True
            elif upper == "SERVICE":
                pending_service = True
            i = word.end()
            continue
        if c == "{":
            if depth == 0 and where is None and (not construct or closed == 1):
                where = i
            if pending_service:
                open_services.append((depth, i))
                pending_service = False
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                closed += 1
            if open_services and open_services[-1][0] == depth:
                services.append((open_services.pop()[1], i))
        i += 1
    if where is None:
        raise QuerySyntaxError("the query has no WHERE group to bind parameters in")
    return _Braces(where, tuple(services))


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    end_mark = quote * 3 if long else quote
    j = i + len(end_mark)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end_mark, j):
            return j + len(end_mark)
        j += 1
    raise QuerySyntaxError("the query has an unterminated string")


_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+)")


def execute(ds: Dataset, text: str, *, line_offset: int = 0) -> Result:
    """Run SPARQL `text` on `ds` and read the whole answer.

    The rows are read here, so that an endpoint failing in the middle of a SERVICE call raises
    here and not in the caller's loop. `line_offset` is subtracted from the line of a syntax error
    (for text the caller prefixed with lines of its own). Raises QuerySyntaxError with the line and
    column of the problem, ServiceError when a SERVICE endpoint fails, StoreError when the store does.
    """
    try:
        result = ds.query(text)
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - reads every row now (rdflib keeps them)
        return result
    except SyntaxError as e:  # pyoxigraph: "error at 1:25: expected ..."
        where = _OXIGRAPH_POSITION.search(str(e))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (e.lineno, e.offset)
        line = line - line_offset if line is not None else None
        message = _OXIGRAPH_POSITION.sub("", str(e).split("\n")[0]).strip(" :")
        message = message if len(message) <= 160 else message[:157] + "..."
        raise QuerySyntaxError(f"the query does not parse at line {line}, column {column}: {message}",
                               line=line, column=column) from e
    except ParseException as e:  # rdflib's own engine (memory: stores)
        raise QuerySyntaxError(f"the query does not parse: {e}", line=e.lineno - line_offset, column=e.col) from e
    except OSError as e:
        endpoints = service_endpoints(text) if re.search(r"\bSERVICE\b", text, re.IGNORECASE) else []
        if endpoints:
            raise ServiceError(f"a SERVICE endpoint ({', '.join(endpoints)}) did not answer: {e}") from e
        raise StoreError(f"the store could not be read: {e}") from e
