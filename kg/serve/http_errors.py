"""Errors to HTTP statuses, in one place (the SPARQL 1.1 Protocol, section 2.1.5 and 2.2.4).

Each status comes with a stable `code` so clients can branch on it without parsing the message.
The body is plain text, or `{"error": code, "message": ...}` when the client accepts JSON.

The result cap answers 500: the Protocol says a service "may also return a 500 response code if
it refuses to execute a query"; 413 would wrongly blame the size of the *request*.
Unknown exceptions are not caught here: a bug in the server stays a 500 with a traceback in the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from kg.errors import InputError, KgError, QueryError, StoreError


class ServeError(KgError):
    """An error of the HTTP layer: the request was understood, the server will not answer it as asked."""


class NotAcceptable(ServeError):
    """No format the client accepts can carry this answer."""


class UpdateRefused(ServeError):
    """A SPARQL Update on a server started without --allow-updates."""


class QueryTimeout(ServeError):
    """The query ran longer than the configured timeout."""


class ResultTooLarge(ServeError):
    """The query has more results than the configured cap."""


class NotFound(ServeError):
    """No such graph or resource."""


@dataclass(frozen=True)
class HttpStatus:
    status: int
    code: str


STATUS: dict[type[KgError], HttpStatus] = {
    QueryError: HttpStatus(400, "malformed-query"),
    InputError: HttpStatus(400, "bad-request"),
    NotAcceptable: HttpStatus(406, "not-acceptable"),
    UpdateRefused: HttpStatus(403, "updates-disabled"),
    NotFound: HttpStatus(404, "not-found"),
    ResultTooLarge: HttpStatus(500, "result-too-large"),
    QueryTimeout: HttpStatus(503, "query-timeout"),
    StoreError: HttpStatus(500, "store-error"),
    KgError: HttpStatus(500, "error"),
}


def status_of(error: KgError) -> HttpStatus:
    """The status of the most specific class of `error` listed in `STATUS`."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    raise TypeError(f"{type(error).__name__} is not a KgError")  # unreachable: KgError is in STATUS


async def handle(request: Request, error: Exception) -> Response:
    """Starlette exception handler for every `KgError` (registered once, in `kg.serve.app`)."""
    assert isinstance(error, KgError)
    found = status_of(error)
    headers = {"Retry-After": "1"} if found.status == 503 else None
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": found.code, "message": str(error)}, status_code=found.status, headers=headers)
    return PlainTextResponse(f"{found.code}: {error}\n", status_code=found.status, headers=headers)


EXCEPTION_HANDLERS = {KgError: handle}
