"""HTTP's one table of StanceKGError → status, and the handler that answers with it.

Errors travel unchanged from kg/ and server/ to here (style.md §7). The handler finds the most
specific class in the table by walking the exception's MRO, decides the status before any body
byte, and answers in one body shape per area: plain text on /sparql (what SPARQL clients show),
JSON `{"error", "status"}` elsewhere. Anything else is a logged 500 that shows no internals.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kg.errors import (
    AnnotationError,
    ArticleError,
    ExtractionError,
    ForbiddenOperationError,
    GazetteerError,
    InconsistentDataError,
    LinkingError,
    NotAcceptableError,
    OntologyFilesError,
    ProtocolError,
    QueryNotFoundError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    ReasonerError,
    RequestTooLargeError,
    ResultTooLargeError,
    ServiceError,
    ShapeViolationError,
    StanceKGError,
    StoreError,
    StoreSpecError,
    UnsupportedMediaTypeError,
    UpdateForbiddenError,
    UpdateUnauthorizedError,
)

log = logging.getLogger(__name__)

STATUS: dict[type[StanceKGError], int] = {
    ProtocolError: 400,
    QuerySyntaxError: 400,
    QueryParameterError: 400,
    UnsupportedMediaTypeError: 415,
    NotAcceptableError: 406,
    RequestTooLargeError: 413,
    ResultTooLargeError: 422,
    ForbiddenOperationError: 403,
    UpdateForbiddenError: 403,
    UpdateUnauthorizedError: 401,
    QueryNotFoundError: 404,
    AnnotationError: 422,
    ArticleError: 422,
    ShapeViolationError: 422,
    InconsistentDataError: 422,
    ExtractionError: 422,
    QueryTimeoutError: 503,
    StoreError: 503,
    StoreSpecError: 500,
    LinkingError: 502,
    ServiceError: 502,  # a SERVICE endpoint failed: a bad gateway, not our store
    ReasonerError: 500,  # the reasoner (Java) could not run: an installation problem
    GazetteerError: 500,  # the bundled gazetteer is broken: an installation problem
    OntologyFilesError: 500,  # the bundled ontology files are missing or broken: an installation problem
}


def status_for(error: StanceKGError) -> int:
    """The HTTP status of an error: the entry of its most specific class in STATUS."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 500


def _plain_text_area() -> bool:
    return request.path.startswith("/sparql")


def error_response(message: str, status: int) -> Response:
    """One error body: plain text on /sparql, JSON elsewhere."""
    if _plain_text_area():
        response = Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")
    else:
        response = jsonify({"error": message, "status": status})
        response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="stancekg SPARQL update"'
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


def init_app(app: Flask) -> None:
    """Install the handlers on `app`."""

    @app.errorhandler(StanceKGError)
    def _stancekg(error: StanceKGError) -> Response:
        status = status_for(error)
        if status >= 500:
            log.warning("%s on %s: %s", type(error).__name__, request.path, error)
        return error_response(str(error), status)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> Response:
        limit = app.config.get("MAX_CONTENT_LENGTH")
        return error_response(
            f"the request body is larger than {limit} bytes (setting max_request_bytes, STANCEKG_MAX_REQUEST_BYTES)",
            413)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        response = error_response(error.description or error.name, error.code or 500)
        for name in ("Allow",):
            if error.get_headers() and any(k == name for k, _ in error.get_headers()):
                response.headers[name] = dict(error.get_headers())[name]
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response("internal error; the server log has the details", 500)
