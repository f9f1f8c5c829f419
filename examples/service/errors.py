"""One error body for every 4xx: skilleco's errors, request validation errors and HTTP errors.

``{"error": {"code", "message", "fields", "suggestion", "errors"}}``, where ``code`` is the library's
stable code (``invalid_input``, ``invalid_date``, ``unknown_policy``, ``unknown_grade``...).

- ``InputError`` (with ``InvalidDateError`` and ``PopulationError``): 422, the error's own code,
  ``fields`` and ``errors`` from the error;
- FastAPI's ``RequestValidationError`` (a body or parameter the models reject): 422, code
  ``invalid_input`` as the library's own, fields named as the library names them (``birth_date``,
  ``on``: no ``body.``/``query.`` prefix; the full location stays in ``errors[].loc``);
- ``UnknownNameError`` (policy, rule set, grade, parameter, fact, question): 404, the error's own
  code and its ``suggestion``;
- any other ``SkillecoError``: 400, the error's own code;
- Starlette's ``HTTPException`` (no such path, wrong method): its own status, ``not_found``,
  ``method_not_allowed`` or ``http_<status>``.

Anything else is a bug and is left to surface as a 500.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from skilleco import InputError, SkillecoError
from skilleco.exceptions import UnknownNameError

from .schemas import Error, ErrorBody, ErrorItem

__all__ = ["ERROR_RESPONSES", "install_error_handlers", "status_for"]

_REQUEST_PARTS = ("body", "query", "path", "header", "cookie")
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Another library error, or a body that cannot be read"},
    404: {"model": ErrorBody, "description": "An unknown policy, rule set, grade or path (with suggestion)"},
    422: {"model": ErrorBody, "description": "Invalid input: a request field, a model field or a date"},
}
"""The 4xx answers every route documents (the same body for all)."""


def status_for(exc: SkillecoError) -> int:
    """The HTTP status for a skilleco error."""
    if isinstance(exc, InputError):  # PopulationError and InvalidDateError are InputErrors
        return 422
    if isinstance(exc, UnknownNameError):
        return 404
    return 400


def _loc(parts: Iterable[object]) -> list[str | int]:
    return [p if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in parts]


def _items(errors: Iterable[Mapping[str, Any]]) -> list[ErrorItem]:
    return [
        ErrorItem(loc=_loc(e.get("loc", ())), msg=str(e.get("msg", "")), type=str(e.get("type", "")))
        for e in errors
    ]


def _body(
    code: str,
    message: str,
    *,
    fields: Sequence[str] = (),
    suggestion: str | None = None,
    items: Sequence[ErrorItem] = (),
) -> dict[str, Any]:
    error = Error(code=code, message=message, fields=list(fields), suggestion=suggestion, errors=list(items))
    return ErrorBody(error=error).model_dump(mode="json")


def _skilleco_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SkillecoError)  # registered for SkillecoError only
    # Unknown names and policy-file errors carry a suggestion; input errors carry their fields.
    suggestion = getattr(exc, "suggestion", None)
    body = _body(exc.code, str(exc), suggestion=suggestion if isinstance(suggestion, str) else None)
    if isinstance(exc, InputError):
        body = _body(exc.code, str(exc), fields=exc.fields, items=_items(exc.errors))
    return JSONResponse(body, status_code=status_for(exc))


def _request_field(error: Mapping[str, Any]) -> str:
    # The library names fields without the request part ("birth_date", "on"; "" for the whole
    # input); so does the service. A JSON decode error's location is a character offset, not a field.
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        return ""
    parts = loc[1:] if loc and loc[0] in _REQUEST_PARTS else loc
    return ".".join(str(p) for p in parts)


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for RequestValidationError only
    errors = list(exc.errors())
    fields = [_request_field(e) for e in errors]
    lines = [f"{len(errors)} invalid field(s) in the request:"]
    lines += [f"  {f or '<root>'}: {e.get('msg', '')}" for f, e in zip(fields, errors, strict=True)]
    body = _body(InputError.code, "\n".join(lines), fields=fields, items=_items(errors))
    return JSONResponse(body, status_code=422)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # registered for HTTPException only
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    return JSONResponse(_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the three handlers on ``app``."""
    app.add_exception_handler(SkillecoError, _skilleco_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
