"""Every error a user can cause or fix, under one root, in the user's terms.

`str(e)` is a sentence that names where the problem is; attributes carry the same facts for
programs and tests. Foreign exceptions are re-raised as one of these at the module that calls
the foreign library (pyoxigraph's SyntaxError becomes QuerySyntaxError, OSError StoreError).
"""

from __future__ import annotations

from pathlib import Path


class StanceKGError(Exception):
    """Root of every error a user can cause or fix."""


class ArticleError(StanceKGError):
    """An article text that cannot be ingested: empty, not UTF-8, too large, or not found."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = Path(path) if path else None
        self.reason = message


class AnnotationError(StanceKGError):
    """An annotation that cannot become triples; says which file and YAML line."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}" if path and line else (str(path) if path else (f"line {line}" if line else ""))
        super().__init__(f"{where}: {message}" if where else message)
        self.path = Path(path) if path else None
        self.line = line
        self.reason = message


class UnknownKeyError(AnnotationError):
    """A reference to an actor, office, event or stance type that the annotation or ontology lacks."""


class QuoteNotFoundError(AnnotationError):
    """A quote that does not occur in the article text exactly as stored."""

    def __init__(self, message: str, *, quote: str, path: Path | str | None = None, line: int | None = None,
                 start: int | None = None, end: int | None = None) -> None:
        super().__init__(message, path=path, line=line)
        self.quote, self.start, self.end = quote, start, end


class AmbiguousQuoteError(QuoteNotFoundError):
    """A quote that occurs more than once, with no `occurrence` to say which."""


class ShapeViolationError(StanceKGError):
    """Data that breaks a SHACL shape of the ontology; lists the focus nodes and messages."""

    def __init__(self, message: str, *, violations: list[str]) -> None:
        super().__init__(message)
        self.violations = violations


class StoreSpecError(StanceKGError):
    """A `--store` / STANCEKG_STORE value that names no known kind of store."""


class StoreError(StanceKGError):
    """The store cannot be opened, read or written (locked, disk full, server down)."""


class QuerySyntaxError(StanceKGError):
    """A SPARQL query or update that does not parse; carries the parser's message and position."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class QueryNotFoundError(StanceKGError):
    """A named query that is not in queries/."""


class QueryParameterError(StanceKGError):
    """A parameter of a named query that is missing, unknown or not a valid RDF term."""


class QueryTimeoutError(StanceKGError):
    """A query that ran past the configured time limit."""


class ResultTooLargeError(StanceKGError):
    """A result with more rows than the configured limit."""


class ForbiddenOperationError(StanceKGError):
    """Something the endpoint refuses by policy: an update without the token, LOAD, SERVICE off the allowlist."""


class UpdateForbiddenError(ForbiddenOperationError):
    """An update sent without a valid token, or to an endpoint with updates off."""


class ExtractionError(StanceKGError):
    """An article the extractor cannot draft: not English, too large, binary."""


class LinkingError(StanceKGError):
    """Wikidata reconciliation that failed: endpoint down, bad answer."""


class GazetteerError(StanceKGError):
    """The gazetteer's reference tables or its bundled TSV are missing or malformed."""


class UpdateUnauthorizedError(UpdateForbiddenError):
    """An update sent without `Authorization: Bearer` to an endpoint that has an update token."""


class ProtocolError(StanceKGError):
    """A request that breaks the SPARQL 1.1 Protocol: two queries, an update by GET, a body that is not UTF-8."""


class UnsupportedMediaTypeError(ProtocolError):
    """A request body whose media type or charset the endpoint does not accept; names the accepted ones."""


class NotAcceptableError(ProtocolError):
    """An Accept header or `format=` value that names no format the endpoint can write for this result."""


class RequestTooLargeError(StanceKGError):
    """A request body larger than the configured limit (max_request_bytes)."""


class OntologyFilesError(StanceKGError):
    """The ontology files (ontology/*.ttl) cannot be found or parsed: a broken installation or checkout."""


class InconsistentDataError(StanceKGError):
    """Data that contradicts the ontology, as the reasoner (HermiT) finds: a person typed as a state, two polarities."""


class ServiceError(StoreError):
    """A SERVICE endpoint (Wikidata or a mirror) that could not be reached or gave a bad answer; names it."""


class ReasonerError(StanceKGError):
    """The reasoner could not run: owlready2 or Java missing, or HermiT failed for another reason."""
