"""The FastAPI application: skilleco's questions over HTTP.

Request bodies are skilleco's own input models (``Worker``, ``Organisation``, ``Chain``,
``DualCertificateCandidate``, ``GbaCandidate``); answers are the decisions' ``to_dict()``, described
in OpenAPI by :mod:`.schemas`. The date asked about is a required ``on`` parameter on every question:
like the library, the service never reads the clock.

Bodies are read strictly, as their OpenAPI schemas say (issue 15, L10): a boolean is ``true`` or
``false`` (not ``0``, ``1`` or ``"yes"``), an integer is written without a fraction (``3``, not
``3.0`` or ``"3"``), a number is a JSON number. (The library itself also reads the text a CSV cell
holds, ``"3"`` or ``"true"``; a JSON body has no need to.) Dates are text in the forms and range
their schemas' ``pattern`` gives; rules across fields are in each model's description.

Run it with ``uvicorn --app-dir examples service.app:create_app --factory`` (see README.md).
The interactive documentation (``/docs``, ``/redoc``) loads its scripts and styles from the service
itself (fastapi-offline ships them), not from a CDN, so it works offline.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Path, Query
from fastapi.openapi.models import Example
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import TypeAdapter, ValidatorFunctionWrapHandler, WrapValidator

import skilleco
from skilleco import Chain, DualCertificateCandidate, GbaCandidate, Organisation, Worker
from skilleco.models.dates import MAX_DATE, MIN_DATE
from skilleco.models.fields import DATE_PATTERN

from .errors import ERROR_RESPONSES, install_error_handlers
from .schemas import GradeOut, PolicyOut, RuleOut, document_components

__all__ = ["create_app"]

MAX_EDITIONS = len(skilleco.list_policies())
"""The most editions one comparison may ask for: as many as are shipped."""


def _example(name: str, summary: str) -> dict[str, Example]:
    """An OpenAPI example read from the library's bundled example files."""
    text = resources.files("skilleco.examples").joinpath(name).read_text(encoding="utf-8")
    return {name.removesuffix(".json"): Example(summary=summary, value=json.loads(text))}


# --- bodies -----------------------------------------------------------------------------------------


def _strict(kind: Any) -> WrapValidator:
    """Validate a body as ``kind`` in pydantic's strict mode, nested models included.

    The schema stays ``kind``'s own (the OpenAPI component keeps its name): strict mode only refuses
    what the schema does not describe, such as ``0`` for a boolean or ``3.0`` for an integer.
    """
    adapter: TypeAdapter[Any] = TypeAdapter(kind)

    def validate(value: object, _lax: ValidatorFunctionWrapHandler) -> object:
        return adapter.validate_python(value, strict=True)

    return WrapValidator(validate)


WorkerBody = Annotated[Worker, _strict(Worker)]
LeadBody = Annotated[Organisation | Chain, _strict(Organisation | Chain)]
ChainBody = Annotated[Chain, _strict(Chain)]
DualBody = Annotated[
    DualCertificateCandidate | GbaCandidate, _strict(DualCertificateCandidate | GbaCandidate)
]


# --- parameters -------------------------------------------------------------------------------------

OnParam = Annotated[
    str,
    Query(
        description="The date asked about: YYYY-MM-DD (also YYYY年M月D日 or YYYY/M/D), ASCII digits, "
        f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}. Required: the service, like the library, "
        "never reads the clock.",
        max_length=32,
        pattern=DATE_PATTERN,
        json_schema_extra={
            "format": "date",
            "x-formatMinimum": MIN_DATE.isoformat(),
            "x-formatMaximum": MAX_DATE.isoformat(),
        },
        openapi_examples={"example": Example(value="2026-03-14")},
    ),
]
PolicyParam = Annotated[
    str,
    Query(
        description="A shipped policy id (GET /policies).",
        max_length=64,
        openapi_examples={"national": Example(value="cn-2025"), "shenzhen": Example(value="sz-2025")},
    ),
]


# --- answers ------------------------------------------------------------------------------------------


def _answer(value: Any) -> JSONResponse:
    """The library's own ``to_dict()``, unchanged."""
    return JSONResponse(value.to_dict())


def _document(name: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of a question: a library document, described by its published schema."""
    schema = {"$ref": f"#/components/schemas/{name}"}
    return {200: {"description": description, "content": {"application/json": {"schema": schema}}}}


def _policy_row(policy_id: str) -> dict[str, Any]:
    p = skilleco.load_policy(policy_id)
    row = {"id": p.id, "title_zh": p.title_zh, "title_en": p.title_en}
    return {**row, "jurisdiction": p.jurisdiction, "parent": p.parent, "content_hash": p.content_hash()}


router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/policies", response_model=list[PolicyOut], tags=["catalogue"])
def policies() -> JSONResponse:
    """The shipped policy editions."""
    return JSONResponse([_policy_row(p) for p in skilleco.list_policies()])


@router.get("/policies/{policy_id}/rules", response_model=list[RuleOut], tags=["catalogue"])
def rules(
    policy_id: Annotated[str, Path(max_length=64, openapi_examples={"national": Example(value="cn-2025")})],
) -> JSONResponse:
    """Every rule of a policy (inherited ones included): id, sets, strength, provenance, citation,
    titles and condition."""
    return JSONResponse(skilleco.load_policy(policy_id).describe())


@router.get("/grades", response_model=list[GradeOut], tags=["catalogue"])
def grades() -> JSONResponse:
    """The eight-level ladder, lowest first."""
    keys = ("id", "rank", "label_zh", "label_en", "certificate_level", "kind")
    return JSONResponse([{k: getattr(g, k) for k in keys} for g in skilleco.GRADES])


@router.post("/grade/{target}", responses=_document("DecisionDocument", "A decision"), tags=["workers"])
def grade(
    target: Annotated[
        str,
        Path(
            description="A grade id (junior ... chief_technician), label (技师) or 五级…一级.",
            max_length=64,
            openapi_examples={"technician": Example(value="technician")},
        ),
    ],
    worker: Annotated[WorkerBody, Body(openapi_examples=_example("worker.json", "a welder"))],
    policy: PolicyParam,
    on: OnParam,
) -> JSONResponse:
    """May this worker apply for ``target`` (or be appointed to it, for the two top posts)?"""
    # Resolved here so that a grade that does not exist is a 404 with a suggestion, like a policy
    # (assess_grade reports it as an invalid argument, a 422).
    return _answer(skilleco.assess_grade(worker, skilleco.grade(target), policy=policy, on=on))


@router.post("/profile", responses=_document("GradeProfileDocument", "A grade profile"), tags=["workers"])
def profile(
    worker: Annotated[WorkerBody, Body(openapi_examples=_example("worker.json", "a welder"))],
    policy: PolicyParam,
    on: OnParam,
) -> JSONResponse:
    """The worker's current grade, the next grade, and a decision for each grade above."""
    return _answer(skilleco.grade_profile(worker, policy=policy, on=on))


_LEAD_EXAMPLES = {
    **_example("organisation.json", "a Shenzhen chain-lead candidate"),
    **_example("chain.json", "a chain led by it"),
}


@router.post("/lead", responses=_document("DecisionDocument", "A decision"), tags=["chains"])
def lead(
    candidate: Annotated[LeadBody, Body(openapi_examples=_LEAD_EXAMPLES)],
    policy: PolicyParam,
    on: OnParam,
) -> JSONResponse:
    """May this organisation lead a chain (a chain: its lead, with the chain's commitments)?"""
    return _answer(skilleco.assess_chain_lead(candidate, policy=policy, on=on))


@router.post(
    "/compare-editions",
    responses=_document("EditionComparisonDocument", "One decision per edition"),
    tags=["chains"],
)
def compare_editions(
    candidate: Annotated[LeadBody, Body(openapi_examples=_LEAD_EXAMPLES)],
    on: OnParam,
    policies: Annotated[
        list[Annotated[str, Query(max_length=64)]] | None,
        Query(
            description="The editions, repeated (?policies=sz-2025&policies=cn-2025); left out: the "
            "library's default (sz-2025, gd-2022, bj-2024, cn-2025).",
            min_length=1,
            max_length=MAX_EDITIONS,
            openapi_examples={"two": Example(value=["cn-2025", "sz-2025"])},
        ),
    ] = None,
) -> JSONResponse:
    """One chain-lead candidate assessed under several editions, side by side."""
    if policies is None:
        return _answer(skilleco.compare_editions(candidate, on=on))
    return _answer(skilleco.compare_editions(candidate, policies=policies, on=on))


@router.post("/exits", responses=_document("ExitReportDocument", "An exit report"), tags=["chains"])
def exits(
    chain: Annotated[ChainBody, Body(openapi_examples=_example("chain.json", "a chain"))],
    on: OnParam,
    policy: Annotated[
        str | None,
        Query(
            description="A policy id; left out: the library's default (gd-2025).",
            max_length=64,
            openapi_examples={"guangdong": Example(value="gd-2025"), "shenzhen": Example(value="sz-2025")},
        ),
    ] = None,
) -> JSONResponse:
    """The exit scenarios checked over the chain's lead and every member unit active on ``on``."""
    if policy is None:
        return _answer(skilleco.check_exits(chain, on=on))
    return _answer(skilleco.check_exits(chain, policy=policy, on=on))


_DUAL_EXAMPLES = {
    **_example("dual_certificate_candidate.json", "Beijing: one evaluation, two certificates (bj-2025)"),
    **_example("gba_candidate.json", "Guangdong-Hong Kong-Macao: one exam, several certificates (gba)"),
}


@router.post("/dual-certificate", responses=_document("DecisionDocument", "A decision"), tags=["chains"])
def dual_certificate(
    candidate: Annotated[DualBody, Body(openapi_examples=_DUAL_EXAMPLES)],
    policy: Annotated[
        str,
        Query(
            description="bj-2025 (a DualCertificateCandidate) or gba (a GbaCandidate).",
            max_length=64,
            openapi_examples={"beijing": Example(value="bj-2025"), "gba": Example(value="gba")},
        ),
    ],
    on: OnParam,
) -> JSONResponse:
    """Does one evaluation yield two (or more) certificates for this candidate?"""
    return _answer(skilleco.assess_dual_certificate(candidate, policy=policy, on=on))


def create_app() -> FastAPI:
    """A new application serving skilleco's questions (no state is shared between applications).

    ``/docs`` (Swagger UI) and ``/redoc`` load their assets from ``/static-offline-docs/`` on the
    service itself (FastAPIOffline: FastAPI's own pages pointed at the files fastapi-offline ships).
    """
    app = FastAPIOffline(
        title="skilleco example service",
        version=skilleco.__version__,
        summary="The skills-ecological-chain policy (产教评技能生态链) as explainable decisions over HTTP.",
        description='Every 4xx answer has the body {"error": {"code", "message", "fields", '
        '"suggestion", "errors"}} with skilleco\'s stable error code. Bodies are read strictly, as '
        "their schemas say: a boolean is true or false (not 0 or 1), an integer is written without a "
        'fraction (3, not 3.0 or "3"); dates are text in the forms and range of their pattern '
        "(1900-01-01 to 2100-12-31); each model's description lists the rules checked across its "
        "fields (an end not before its start, a rank not above the entrants, ...), refused with 422.",
        # Swagger UI would fetch a validity badge from validator.swagger.io: nothing leaves the service.
        swagger_ui_parameters={"validatorUrl": None},
    )
    install_error_handlers(app)
    app.include_router(router)
    _add_document_schemas(app)
    return app


def _add_document_schemas(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document carry the library's document schemas as components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = build()  # FastAPI's own; it keeps this very dict in app.openapi_schema
        components = spec.setdefault("components", {}).setdefault("schemas", {})
        for name, body in document_components().items():
            if name in components:
                raise ValueError(f"two schemas named {name!r}: an input model and a library document")
            components[name] = body
        return spec

    # FastAPI's documented way to extend its OpenAPI document is to replace this method.
    app.openapi = openapi  # type: ignore[method-assign]
