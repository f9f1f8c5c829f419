"""Response schemas: the library's own JSON Schemas for its documents, and the service's own models.

The questions answer with the decisions' ``to_dict()`` documents, unchanged; their schemas come
from :mod:`skilleco.decisions.schema` (generated there from the value classes, so they cannot drift). They are
written for standalone use (``$id``, ``$defs``), so :func:`document_components` turns them into
OpenAPI components: ``$defs`` become components and their references follow. A grade profile has no
published schema; :func:`document_components` describes its few own fields and reuses the decision
document's schema for its decisions.

The catalogue answers (policies, rules, grades) and the error body are the service's own, so they
are small pydantic models here; the closed vocabularies they use are the library's ``Literal``
types, imported, not copied.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from skilleco.decisions import schema as sk_schema
from skilleco.ladder import GradeId
from skilleco.rules import Provenance, Strength

__all__ = [
    "DOCUMENTS",
    "ErrorBody",
    "GradeOut",
    "PolicyOut",
    "RuleOut",
    "document_components",
]

DOCUMENTS = ("DecisionDocument", "GradeProfileDocument", "ExitReportDocument", "EditionComparisonDocument")
"""The OpenAPI component names of the documents the questions answer with."""

_LOCAL = "#/$defs/"
_COMPONENT = "#/components/schemas/"


def _rebased(node: Any) -> Any:
    """``node`` with every local ``$ref`` (``#/$defs/X``) pointing at the component ``X`` instead."""
    if isinstance(node, dict):
        return {
            k: (_COMPONENT + v.removeprefix(_LOCAL) if k == "$ref" and isinstance(v, str) else _rebased(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebased(v) for v in node]
    return node


def _profile_schema() -> dict[str, Any]:
    # skilleco.decisions.schema publishes no grade-profile schema; these are GradeProfile.to_dict()'s keys.
    text, maybe_text = {"type": "string"}, {"type": ["string", "null"]}
    return {
        "type": "object",
        "description": "Where a worker stands on the ladder and what comes next.",
        "properties": {
            "format_version": {"const": 1},
            "skilleco_version": text,
            "subject_id": text,
            "on": {"type": "string", "format": "date"},
            "policy_id": text,
            "reform_label": maybe_text,
            "current_grade": maybe_text,
            "current_known": {"type": "boolean"},
            "next_grade": maybe_text,
            "decisions": {"type": "array", "items": {"$ref": _COMPONENT + "DecisionDocument"}},
        },
        "required": [
            "format_version",
            "subject_id",
            "on",
            "policy_id",
            "reform_label",
            "current_grade",
            "current_known",
            "next_grade",
            "decisions",
        ],
        "additionalProperties": False,
    }


def document_components() -> dict[str, dict[str, Any]]:
    """The OpenAPI components of the answer documents (:data:`DOCUMENTS`) and of what they refer to.

    Raises:
        ValueError: two of the library's schemas define the same name differently.
    """
    out: dict[str, dict[str, Any]] = {}
    documents = {
        "DecisionDocument": sk_schema.decision_schema(),
        "ExitReportDocument": sk_schema.exit_report_schema(),
        "EditionComparisonDocument": sk_schema.edition_comparison_schema(),
    }
    for name, document in documents.items():
        # A document nested in another (a decision in an exit report) comes without its title.
        body = {k: v for k, v in document.items() if not k.startswith("$") and k != "title"}
        for part, schema in {**document.get("$defs", {}), name: body}.items():
            rebased = _rebased(schema)
            if out.setdefault(part, rebased) != rebased:
                raise ValueError(f"skilleco.decisions.schema defines {part!r} twice, differently")
    for name, document in documents.items():
        out[name] = {"title": document.get("title", name), **out[name]}
    out["GradeProfileDocument"] = _profile_schema()
    return out


class _Out(BaseModel):
    # The service's own answers: exactly these keys.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- catalogue ------------------------------------------------------------------------------------


class PolicyOut(_Out):
    """A shipped policy edition."""

    id: str
    title_zh: str
    title_en: str
    jurisdiction: str
    parent: str | None
    content_hash: str


class RuleOut(_Out):
    """One row of ``Policy.describe()``."""

    id: str
    sets: list[str]
    strength: Strength
    provenance: Provenance
    citation: str
    title_zh: str
    title_en: str
    when: str = Field(description="the condition, in the policy packs' condition language")


class GradeOut(_Out):
    """A grade on the eight-level ladder (``skilleco.GRADES``)."""

    id: GradeId
    rank: int
    label_zh: str
    label_en: str
    certificate_level: int | None
    kind: Literal["certificate", "post"]


# --- errors ---------------------------------------------------------------------------------------


class ErrorItem(_Out):
    """One problem with the input."""

    loc: list[str | int] = Field(description="where: the field path (requests: 'body'/'query'/'path' first)")
    msg: str
    type: str


class Error(_Out):
    """What went wrong, with the library's stable error code."""

    code: str = Field(description="skilleco's stable error code (invalid_input, unknown_policy, ...)")
    message: str
    fields: list[str] = Field(description="the dotted input fields at fault (422 only)")
    suggestion: str | None = Field(description="the closest known name, for an unknown name")
    errors: list[ErrorItem] = Field(description="one entry per invalid field (422 only)")


class ErrorBody(_Out):
    """Every 4xx answer of the service."""

    error: Error
