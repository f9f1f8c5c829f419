"""JSON Schemas (draft 2020-12) of the what-if documents, and the list of every published schema.

:func:`comparison_schema` describes :meth:`Comparison.to_dict <skilleco.whatif.Comparison.to_dict>`
(what ``skilleco whatif --format json`` prints), :func:`sweep_schema` describes
:meth:`Sweep.to_dict <skilleco.whatif.Sweep.to_dict>` (``skilleco sweep --format json``). A number
that can be a sum of weights or amounts may be ``null``: a sum past the range of a 64-bit float.

:data:`SCHEMAS` names every document the library and the command write, with its schema; the
published copies are ``docs/reference/schemas/<name>.schema.json`` (``docs/_generate.py``).

Example:
    >>> from skilleco.whatif import schema
    >>> sorted(schema.SCHEMAS)[:3]
    ['comparison', 'decision', 'edition_comparison']
    >>> schema.comparison_schema()["$id"]
    'urn:skilleco:schema:comparison:1'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from .._version import __version__
from ..decisions import schema as documents
from ..decisions.documents import FORMAT_VERSION
from ..rules.rule import PROVENANCES

__all__ = ["SCHEMAS", "comparison_schema", "pipeline_comparison_schema", "pipeline_schema", "sweep_schema"]

_TEXT: dict[str, Any] = {"type": "string"}
_TEXTS: dict[str, Any] = {"type": "array", "items": _TEXT}
_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}
_SUM: dict[str, Any] = {
    "type": ["number", "null"],
    "description": "a sum of weights or amounts; null: past the range of a 64-bit float",
}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _policy_ref() -> dict[str, Any]:
    return documents.strict_object(
        "which policy answered: id, reform label, content hash and titles",
        {
            "id": _TEXT,
            "label": {"anyOf": [_TEXT, {"type": "null"}]},
            "hash": _TEXT,
            "title_en": _TEXT,
            "title_zh": _TEXT,
        },
    )


def _document(
    name: str, description: str, properties: dict[str, Any], defs: dict[str, Any]
) -> dict[str, Any]:
    body = documents.strict_object(description, {**documents.envelope_properties(), **properties})
    body["required"] = ["format_version", *properties]  # skilleco_version: any text, or left out
    return {
        "$schema": documents.DRAFT,
        "$id": documents.schema_id(name),
        "title": f"skilleco {name} (format {FORMAT_VERSION}, skilleco {__version__})",
        **body,
        "$defs": defs,
    }


def _question() -> dict[str, Any]:
    return {
        "question": _TEXT,
        "question_en": _TEXT,
        "question_zh": _TEXT,
        "statuses": _TEXTS,
        "on": _DATE,
    }


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Comparison.to_dict <skilleco.whatif.Comparison.to_dict>` output."""
    ref = {"$ref": "#/$defs/PolicyRef"}
    defs = {
        "PolicyRef": _policy_ref(),
        "ParamChange": documents.strict_object(
            "a parameter whose value on the date differs",
            {"parameter": _TEXT, "baseline": documents.ANY_VALUE, "reform": documents.ANY_VALUE},
        ),
        "StatusCount": documents.strict_object(
            "rows and weighted counts with one status under each policy",
            {
                "status": _TEXT,
                "baseline": _SUM,
                "reform": _SUM,
                "change": _SUM,
                "baseline_rows": _COUNT,
                "reform_rows": _COUNT,
            },
        ),
        "Flip": documents.strict_object(
            "a row whose status differs between baseline and reform",
            {
                "subject_id": _TEXT,
                "row": _COUNT,
                "weight": _SUM,
                "baseline_status": _TEXT,
                "reform_status": _TEXT,
                "rules": _TEXTS,
                "groups": {"type": "object", "additionalProperties": _TEXT},
            },
        ),
        "Attribution": documents.strict_object(
            "how many flips involve one rule",
            {
                "rule_id": _TEXT,
                "title_en": _TEXT,
                "title_zh": _TEXT,
                "provenance": {"enum": ["", *PROVENANCES]},
                "citation": _TEXT,
                "flips": _COUNT,
                "weight": _SUM,
                "gained": _SUM,
                "lost": _SUM,
            },
        ),
        "CostLine": documents.strict_object(
            "certificate subsidies for the workers eligible under each policy",
            {
                "baseline": _SUM,
                "reform": _SUM,
                "delta": _SUM,
                "take_up": {"type": "number", "minimum": 0, "maximum": 1},
                "by_grade": _list(
                    documents.strict_object(
                        "one grade's eligible workers and amounts (yuan)",
                        {
                            "grade": _TEXT,
                            "baseline_eligible": _SUM,
                            "baseline_yuan": _SUM,
                            "reform_eligible": _SUM,
                            "reform_yuan": _SUM,
                            "change_yuan": _SUM,
                        },
                    )
                ),
                "parameters": _list(
                    documents.strict_object(
                        "a subsidy parameter read",
                        {
                            "policy": _TEXT,
                            "name": _TEXT,
                            "value": documents.ANY_VALUE,
                            "provenance": {"enum": list(PROVENANCES)},
                            "citation": _TEXT,
                        },
                    )
                ),
            },
        ),
    }
    properties = {
        **_question(),
        "baseline": ref,
        "reform": ref,
        "rows": _COUNT,
        "total_weight": _SUM,
        "skipped": _COUNT,
        "source": _TEXT,
        "changed_rules": _TEXTS,
        "changes": _list({"$ref": "#/$defs/ParamChange"}),
        "counts": _list({"$ref": "#/$defs/StatusCount"}),
        "flips": _list({"$ref": "#/$defs/Flip"}),
        "attribution": _list({"$ref": "#/$defs/Attribution"}),
        "cost": {"anyOf": [{"$ref": "#/$defs/CostLine"}, {"type": "null"}]},
    }
    return _document(
        "comparison", "A baseline and a reform answered over one population on one date.", properties, defs
    )


def sweep_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Sweep.to_dict <skilleco.whatif.Sweep.to_dict>` output."""
    point = documents.strict_object(
        "the outcome at one parameter value",
        {
            "value": documents.ANY_VALUE,
            "counts": {"type": "object", "additionalProperties": _SUM},
            "rows": {"type": "object", "additionalProperties": _COUNT},
            "cost": {**_SUM, "description": "the reform's subsidy cost (yuan); null when not costed"},
        },
    )
    properties = {
        **_question(),
        "policy": {"$ref": "#/$defs/PolicyRef"},
        "parameter": _TEXT,
        "current": documents.ANY_VALUE,
        "rows": _COUNT,
        "total_weight": _SUM,
        "source": _TEXT,
        "costed": {"type": "boolean"},
        "points": _list({"$ref": "#/$defs/SweepPoint"}),
    }
    defs = {"PolicyRef": _policy_ref(), "SweepPoint": point}
    return _document("sweep", "Outcome counts as one parameter moves through values.", properties, defs)


def _pipeline_body() -> tuple[dict[str, Any], dict[str, Any]]:
    series = {**_list(_SUM), "description": "one cumulative weighted count per look"}
    route = documents.strict_object(
        "the workers a route makes eligible for the grade when they first are, by each look",
        {"rule_id": _TEXT, "eligible": series},
    )
    grade = documents.strict_object(
        "one certificate grade: who is below it, and who is first eligible by each look",
        {
            "grade": _TEXT,
            "candidate_rows": _COUNT,
            "candidates": _SUM,
            "rows": {**_list(_COUNT), "description": "one cumulative count of rows per look"},
            "eligible": series,
            "routes": _list({"$ref": "#/$defs/RoutePipeline"}),
        },
    )
    properties = {
        "policy": {"$ref": "#/$defs/PolicyRef"},
        "on": _DATE,
        "months": {**_list(_COUNT), "description": "the looks, in months after on"},
        "horizons": {**_list(_COUNT), "description": "the looks reported in tables"},
        "lead_months": {
            **_COUNT,
            "description": "months from eligible to holding the certificate (modelled)",
        },
        "rows": _COUNT,
        "total_weight": _SUM,
        "skipped": _COUNT,
        "source": _TEXT,
        "grades": _list({"$ref": "#/$defs/GradePipeline"}),
    }
    defs = {"PolicyRef": _policy_ref(), "GradePipeline": grade, "RoutePipeline": route}
    return properties, defs


def pipeline_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Pipeline.to_dict <skilleco.whatif.Pipeline.to_dict>` output."""
    properties, defs = _pipeline_body()
    return _document(
        "pipeline",
        "How many workers become eligible for each certificate grade, look by look, under one policy.",
        {"document": {"const": "pipeline"}, **properties},
        defs,
    )


def pipeline_comparison_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`PipelineComparison.to_dict <skilleco.whatif.PipelineComparison.to_dict>`
    output (what ``skilleco whatif --question pipeline --format json`` prints)."""
    properties, defs = _pipeline_body()
    body = documents.strict_object("a pipeline under one policy", properties)
    body["required"] = list(properties)
    moved = documents.strict_object(
        "the workers first eligible for a grade sooner or later under the reform",
        {"grade": _TEXT, "earlier_rows": _COUNT, "earlier": _SUM, "later_rows": _COUNT, "later": _SUM},
    )
    change = documents.strict_object(
        "a parameter whose value on the date differs",
        {"parameter": _TEXT, "baseline": documents.ANY_VALUE, "reform": documents.ANY_VALUE},
    )
    return _document(
        "pipeline_comparison",
        "A population's pipeline under a baseline and a reform, and who moves.",
        {
            "document": {"const": "pipeline_comparison"},
            "baseline": {"$ref": "#/$defs/Pipeline"},
            "reform": {"$ref": "#/$defs/Pipeline"},
            "changes": _list({"$ref": "#/$defs/ParamChange"}),
            "moved": _list({"$ref": "#/$defs/Moved"}),
        },
        {**defs, "Pipeline": body, "Moved": moved, "ParamChange": change},
    )


SCHEMAS: Mapping[str, Callable[[], dict[str, Any]]] = MappingProxyType(
    {
        "comparison": comparison_schema,
        "decision": documents.decision_schema,
        "edition_comparison": documents.edition_comparison_schema,
        "exit_report": documents.exit_report_schema,
        "grade_profile": documents.grade_profile_schema,
        "pipeline": pipeline_schema,
        "pipeline_comparison": pipeline_comparison_schema,
        "plan": documents.plan_schema,
        "policy_list": documents.policy_list_schema,
        "rule_list": documents.rule_list_schema,
        "sweep": sweep_schema,
    }
)
"""Every document the library and the command write, by name, with the function giving its schema:
``decision`` (also ``assess grade|lead|dualcert --format json``), ``exit_report`` (``assess exits``),
``edition_comparison``, ``grade_profile`` (``assess profile``), ``comparison`` (``whatif``),
``sweep`` (``sweep``), ``pipeline`` and ``pipeline_comparison`` (``whatif --question pipeline``),
``plan`` (``plan``), ``policy_list`` (``policies``) and ``rule_list`` (``rules``)."""
