"""The example web service (examples/service): skilleco's questions over HTTP, fuzzed by schemathesis.

FastAPI, httpx2 and schemathesis are test tools, not skilleco dependencies: without them these
tests skip. The service is imported from its folder, in process; nothing listens on a port.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import warnings
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import skilleco
from skilleco import testing as sk_testing
from skilleco.decisions import GradeProfile
from skilleco.decisions import schema as sk_schema

pytest.importorskip("fastapi")
pytest.importorskip("fastapi_offline")  # the service extra: Swagger UI and ReDoc served locally
schemathesis = pytest.importorskip("schemathesis")

with warnings.catch_warnings():
    # Starlette's test client (1.x) warns when it finds httpx and not httpx2; either works here.
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient`", category=UserWarning
    )
    from fastapi.testclient import TestClient

SERVICE = Path(__file__).resolve().parents[1] / "examples" / "service"
ON = "2026-03-14"


def _load_service() -> ModuleType:
    """Import examples/service as the package ``skilleco_example_service`` (it is not installed)."""
    name = "skilleco_example_service"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, SERVICE / "__init__.py", submodule_search_locations=[str(SERVICE)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its relative imports look the package up here
    spec.loader.exec_module(module)
    return module


service = _load_service()
schemas: Any = importlib.import_module("skilleco_example_service.schemas")


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("skilleco.examples").joinpath(name).read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def client() -> TestClient:
    """A test client over a fresh application, in process."""
    return TestClient(service.create_app())


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error of a 4xx answer, after checking its status, code and shape."""
    assert response.status_code == status, response.text
    body = response.json()
    schemas.ErrorBody.model_validate(body)
    assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


# --- answers ----------------------------------------------------------------------------------------


def test_grade_answers_with_the_library_decision(client: TestClient) -> None:
    """The bundled welder is ineligible for technician on 2026-03-14, until 2026-09-15, exactly as the library says."""
    worker = _example("worker.json")
    r = client.post("/grade/technician", params={"policy": "cn-2025", "on": ON}, json=worker)
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["target"], body["earliest_date"]) == (
        "ineligible",
        "technician",
        "2026-09-15",
    )
    assert "grade.t2023.technician.after_senior" in body["deciding"]
    assert body == skilleco.assess_grade(worker, "technician", policy="cn-2025", on=ON).to_dict()


def test_grade_accepts_chinese_labels(client: TestClient) -> None:
    """A target given as 二级 is the technician grade."""
    r = client.post("/grade/二级", params={"policy": "cn-2025", "on": ON}, json=_example("worker.json"))
    assert r.status_code == 200 and r.json()["target"] == "technician"


def test_profile(client: TestClient) -> None:
    """The welder holds senior; technician is next, and each grade above has a decision."""
    r = client.post("/profile", params={"policy": "cn-2025", "on": ON}, json=_example("worker.json"))
    assert r.status_code == 200
    body = r.json()
    assert (body["current_grade"], body["next_grade"]) == ("senior", "technician")
    assert body["decisions"][0]["target"] == "technician"


def test_lead_takes_an_organisation_or_a_chain(client: TestClient) -> None:
    """The Shenzhen candidate alone is undetermined (the chain's commitments are unknown); its chain is assessed too."""
    org = client.post("/lead", params={"policy": "sz-2025", "on": ON}, json=_example("organisation.json"))
    assert org.status_code == 200
    assert (org.json()["status"], org.json()["ruleset_id"]) == ("undetermined", "lead.sz2025")
    chain = client.post("/lead", params={"policy": "sz-2025", "on": ON}, json=_example("chain.json"))
    assert chain.status_code == 200
    expected = skilleco.assess_chain_lead(_example("chain.json"), policy="sz-2025", on=ON)
    assert chain.json()["status"] == expected.status


def test_compare_editions_default_and_chosen(client: TestClient) -> None:
    """Without ``policies`` the library's four editions are compared; with it, the ones asked for, in order."""
    r = client.post("/compare-editions", params={"on": ON}, json=_example("organisation.json"))
    assert r.status_code == 200
    assert r.json()["statuses"] == {
        "sz-2025": "undetermined",
        "gd-2022": "undetermined",
        "bj-2024": "ineligible",
        "cn-2025": "eligible",
    }
    r = client.post(
        "/compare-editions",
        params={"on": ON, "policies": ["cn-2025", "sz-2025"]},
        json=_example("organisation.json"),
    )
    assert [d["policy_id"] for d in r.json()["decisions"]] == ["cn-2025", "sz-2025"]


def test_exits_default_to_the_library_policy(client: TestClient) -> None:
    """Without ``policy`` the exits are checked under gd-2025, the library's default: the example chain is retained."""
    r = client.post("/exits", params={"on": ON}, json=_example("chain.json"))
    assert r.status_code == 200
    body = r.json()
    assert (body["policy_id"], body["status"], body["loses_lead"]) == ("gd-2025", "retain", False)
    assert "exit.gd2025.fraud" in body["modelled_rule_ids"]


@pytest.mark.parametrize(
    ("example", "policy", "ruleset"),
    [
        ("dual_certificate_candidate.json", "bj-2025", "dualcert.bj2025"),
        ("gba_candidate.json", "gba", "dualcert.gba"),
    ],
)
def test_dual_certificate_under_each_scheme(
    client: TestClient, example: str, policy: str, ruleset: str
) -> None:
    """Each bundled candidate is eligible under its own scheme."""
    r = client.post(
        "/dual-certificate", params={"policy": policy, "on": "2026-11-01"}, json=_example(example)
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["ruleset_id"]) == ("eligible", ruleset)


def test_catalogue(client: TestClient) -> None:
    """Policies, a policy's rules and the ladder come from the library."""
    policies = client.get("/policies").json()
    assert [p["id"] for p in policies] == list(skilleco.list_policies())
    rules = client.get("/policies/cn-2025/rules").json()
    assert [r["id"] for r in rules] == [r["id"] for r in skilleco.load_policy("cn-2025").describe()]
    assert [g["id"] for g in client.get("/grades").json()] == [g.id for g in skilleco.GRADES]


# --- errors -----------------------------------------------------------------------------------------


def test_unknown_policy_is_404_with_a_suggestion(client: TestClient) -> None:
    """A misspelt policy id answers 404 unknown_policy, suggesting the closest id."""
    r = client.post("/grade/technician", params={"policy": "cn-2026", "on": ON}, json=_example("worker.json"))
    assert _error(r, 404, "unknown_policy")["suggestion"] == "cn-2025"
    assert _error(client.get("/policies/sz2025/rules"), 404, "unknown_policy")["suggestion"] == "sz-2025"


def test_unknown_grade_is_404_with_a_suggestion(client: TestClient) -> None:
    """A misspelt grade answers 404 unknown_grade, suggesting the closest grade."""
    r = client.post("/grade/technicain", params={"policy": "cn-2025", "on": ON}, json=_example("worker.json"))
    assert _error(r, 404, "unknown_grade")["suggestion"] == "technician"


def test_policy_without_the_scheme_is_404(client: TestClient) -> None:
    """Asking cn-2025 about dual certificates answers 404 unknown_rule: it has no such rule set."""
    r = client.post(
        "/dual-certificate", params={"policy": "cn-2025", "on": ON}, json=_example("gba_candidate.json")
    )
    _error(r, 404, "unknown_rule")


def test_bad_date_is_the_library_422(client: TestClient) -> None:
    """An impossible ``on`` answers 422 invalid_date on field ``on``, from the library's own reading."""
    r = client.post(
        "/profile", params={"policy": "cn-2025", "on": "2026-02-30"}, json=_example("worker.json")
    )
    error = _error(r, 422, "invalid_date")
    assert error["fields"] == ["on"] and error["errors"][0]["type"] == "invalid_date"


def test_missing_date_is_a_422_like_the_library(client: TestClient) -> None:
    """Leaving ``on`` out answers 422 invalid_input naming ``on``: the service never defaults to today."""
    error = _error(
        client.post("/profile", params={"policy": "cn-2025"}, json=_example("worker.json")),
        422,
        "invalid_input",
    )
    assert error["fields"] == ["on"] and error["errors"][0]["loc"] == ["query", "on"]


def test_invalid_body_names_the_field_as_the_library_does(client: TestClient) -> None:
    """A worker with an impossible birth date answers 422 on ``birth_date``, as InputError.fields would name it."""
    worker = {**_example("worker.json"), "birth_date": "2000-02-30"}
    error = _error(
        client.post("/profile", params={"policy": "cn-2025", "on": ON}, json=worker), 422, "invalid_input"
    )
    with pytest.raises(skilleco.InputError) as exc:
        skilleco.grade_profile(worker, policy="cn-2025", on=ON)
    assert error["fields"] == list(exc.value.fields) == ["birth_date"]


def test_not_json_is_a_422(client: TestClient) -> None:
    """A body that is not JSON answers 422 invalid_input."""
    r = client.post(
        "/profile",
        params={"policy": "cn-2025", "on": ON},
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    _error(r, 422, "invalid_input")


def test_apprentice_target_is_the_library_422(client: TestClient) -> None:
    """``apprentice`` has no application route: the library's InputError, 422 on ``target``."""
    r = client.post("/grade/apprentice", params={"policy": "cn-2025", "on": ON}, json=_example("worker.json"))
    error = _error(r, 422, "invalid_input")
    assert error["fields"] == ["target"] and error["errors"][0]["type"] == "no_route"


def test_candidate_of_the_other_scheme_is_422(client: TestClient) -> None:
    """A Guangdong–Hong Kong–Macao candidate under bj-2025 answers 422: the library names the missing fields."""
    r = client.post(
        "/dual-certificate", params={"policy": "bj-2025", "on": ON}, json=_example("gba_candidate.json")
    )
    assert _error(r, 422, "invalid_input")["fields"]


def test_http_errors_share_the_body(client: TestClient) -> None:
    """An unknown path is 404 not_found and a wrong method 405 method_not_allowed, in the same body."""
    _error(client.get("/nowhere"), 404, "not_found")
    _error(client.get("/profile"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (skilleco.PolicyFileError("p.toml", "rules", "broken"), 400),
        (skilleco.MissingDependencyError("needs an extra"), 400),
        (skilleco.UnknownRuleError("x", ["y"]), 404),
        (skilleco.PopulationError("<iterable>", [], "workers"), 422),
    ],
)
def test_other_library_errors(exc: skilleco.SkillecoError, status: int) -> None:
    """Library errors no request can provoke still map: other errors 400, names 404, input 422."""
    app = service.create_app()

    def boom() -> None:
        raise exc

    app.add_api_route("/boom", boom)
    _error(TestClient(app).get("/boom"), status, exc.code)


def test_every_operation_documents_its_errors(client: TestClient) -> None:
    """Every operation documents 400, 404 and 422 with the error body, and takes the library's models as bodies."""
    spec = client.get("/openapi.json").json()
    bodies = set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status in ("400", "404", "422"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorBody", (method, path, status)
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            schema = content.get("schema", {})
            bodies |= {s["$ref"].rsplit("/", 1)[1] for s in [schema, *schema.get("anyOf", [])] if "$ref" in s}
    assert bodies == {"Worker", "Organisation", "Chain", "DualCertificateCandidate", "GbaCandidate"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]


# --- the answer schemas --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validate(client: TestClient) -> Callable[[str, Any], None]:
    """Validate a document against one component of the service's OpenAPI document (JSON Schema 2020-12)."""
    jsonschema = pytest.importorskip("jsonschema")
    components = client.get("/openapi.json").json()["components"]

    def check(name: str, document: Any) -> None:
        root = {"$ref": f"#/components/schemas/{name}", "components": components}
        jsonschema.Draft202012Validator(root).validate(document)

    return check


@pytest.mark.parametrize(
    ("component", "make"),
    [
        ("DecisionDocument", sk_schema.decision_schema),
        ("ExitReportDocument", sk_schema.exit_report_schema),
        ("EditionComparisonDocument", sk_schema.edition_comparison_schema),
    ],
)
def test_answer_schemas_are_the_library_schemas(client: TestClient, component: str, make: Any) -> None:
    """Each question's answer is described by skilleco.schema's own schema, its $defs made components."""
    spec = client.get("/openapi.json").json()
    published = make()
    described = spec["components"]["schemas"][component]
    assert described["properties"].keys() == published["properties"].keys()
    assert described["required"] == published["required"]
    for name in published["$defs"]:
        assert name in spec["components"]["schemas"], name
    assert "#/$defs/" not in json.dumps(spec)


def test_profile_schema_names_every_field(client: TestClient) -> None:
    """The grade-profile schema (not published by skilleco.schema) has exactly GradeProfile's fields and the envelope."""
    described = client.get("/openapi.json").json()["components"]["schemas"]["GradeProfileDocument"]
    envelope = {"format_version", "skilleco_version"}
    assert set(described["properties"]) == {f.name for f in attrs.fields(GradeProfile)} | envelope


def test_bundled_answers_validate(validate: Callable[[str, Any], None]) -> None:
    """The to_dict() of every question on the bundled examples validates against its answer schema."""
    worker, org, chain = _example("worker.json"), _example("organisation.json"), _example("chain.json")
    validate(
        "DecisionDocument", skilleco.assess_grade(worker, "technician", policy="cn-2025", on=ON).to_dict()
    )
    validate("GradeProfileDocument", skilleco.grade_profile(worker, policy="cn-2025", on=ON).to_dict())
    validate("EditionComparisonDocument", skilleco.compare_editions(chain, on=ON).to_dict())
    validate("ExitReportDocument", skilleco.check_exits(chain, policy="sz-2025", on=ON).to_dict())
    validate("DecisionDocument", skilleco.assess_chain_lead(org, policy="bj-2024", on=ON).to_dict())
    candidate = _example("dual_certificate_candidate.json")
    validate(
        "DecisionDocument", skilleco.assess_dual_certificate(candidate, policy="bj-2025", on=ON).to_dict()
    )


@settings(max_examples=min(settings().max_examples, 100), suppress_health_check=[HealthCheck.too_slow])
@given(
    worker=sk_testing.workers(),
    policy=st.sampled_from(("cn-2025", "sz-2025", "tj-2024")),
    on=sk_testing.dates(),
)
def test_any_profile_validates(
    validate: Callable[[str, Any], None], worker: skilleco.Worker, policy: str, on: Any
) -> None:
    """The profile of any generated worker (a decision per grade above) validates against GradeProfileDocument."""
    assume(worker.birth_date is None or worker.birth_date <= on)  # born after `on`: bad input (grades.md)
    validate("GradeProfileDocument", skilleco.grade_profile(worker, policy=policy, on=on).to_dict())


# --- issue 15: the schema says what is accepted ---------------------------------------------------


@pytest.fixture(scope="module")
def strict_schema(client: TestClient) -> Callable[[str, Any], bool]:
    """Whether a body is valid for one component of the service's OpenAPI document, reading
    ``integer`` as the service's description says: a JSON number written without a fraction (JSON
    Schema itself counts 3.0 as an integer)."""
    jsonschema = pytest.importorskip("jsonschema")
    components = client.get("/openapi.json").json()["components"]
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: type(value) is int
    )
    strict = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)

    def valid(name: str, body: Any) -> bool:
        return bool(strict({"$ref": f"#/components/schemas/{name}", "components": components}).is_valid(body))

    return valid


def _changed(example: str, **fields: Any) -> dict[str, Any]:
    return {**_example(example), **fields}


# (what is changed, path, body, the model the body is): each within or outside the schema.
_PROBES: list[tuple[str, str, dict[str, Any], str]] = [
    ("records_complete 0", "/profile", _changed("worker.json", records_complete=0), "Worker"),
    ("records_complete 'true'", "/profile", _changed("worker.json", records_complete="true"), "Worker"),
    ("records_complete true", "/profile", _changed("worker.json", records_complete=True), "Worker"),
    ("appraisals true", "/profile", _changed("worker.json", annual_appraisals_passed=True), "Worker"),
    ("appraisals 3.0", "/profile", _changed("worker.json", annual_appraisals_passed=3.0), "Worker"),
    ("appraisals '3'", "/profile", _changed("worker.json", annual_appraisals_passed="3"), "Worker"),
    ("appraisals 3", "/profile", _changed("worker.json", annual_appraisals_passed=3), "Worker"),
    ("appraisals 101", "/profile", _changed("worker.json", annual_appraisals_passed=101), "Worker"),
    ("posts_offered 3.0", "/lead", _changed("chain.json", posts_offered=3.0), "Chain"),
    ("posts_offered 3.5", "/lead", _changed("chain.json", posts_offered=3.5), "Chain"),
    ("posts_offered false", "/lead", _changed("chain.json", posts_offered=False), "Chain"),
    ("posts_offered 3", "/lead", _changed("chain.json", posts_offered=3), "Chain"),
] + [
    (f"birth_date {day!r}", "/profile", _changed("worker.json", birth_date=day), "Worker")
    for day in (
        "1990-01-01",
        "1990年1月1日",
        "1990/1/1",
        "1900-01-01",
        "1899-12-31",
        "0990-01-01",
        "19900101",
        "1990-W01-1",
        "１９９０-０１-０１",
        "١٩٩٠-٠١-٠١",
        "1990-13-01",
        19900101,
    )
]


@pytest.mark.parametrize(("what", "path", "body", "model"), _PROBES, ids=[p[0] for p in _PROBES])
def test_l10_bodies_are_accepted_exactly_when_their_schema_says(
    client: TestClient, strict_schema: Callable[[str, Any], bool], what: str, path: str, body: Any, model: str
) -> None:
    """L10 (and L1, L4): a body within its schema is answered, one outside it is refused with 422;
    strict types (no 0 for false, no 3.0 or "3" for 3), dates by their pattern, ASCII digits only."""
    policy = "cn-2025" if path == "/profile" else "sz-2025"
    r = client.post(path, params={"policy": policy, "on": ON}, json=body)
    expected = strict_schema(model, body)
    assert (r.status_code == 200) == expected, (what, r.text)
    if not expected:
        _error(r, 422, "invalid_input")


@pytest.mark.parametrize("day", ["２０２６-０３-１４", "٢٠٢٦-٠٣-١٤", "２０２６年３月１４日", "2026/3/١٤"])
def test_l1_dates_with_other_digits_are_refused(client: TestClient, day: str) -> None:
    """L1: the service refuses a date whose digits are not ASCII, as ``on`` and in a body."""
    worker = _example("worker.json")
    r = client.post("/profile", params={"policy": "cn-2025", "on": day}, json=worker)
    assert _error(r, 422, "invalid_input")["fields"] == ["on"]
    r = client.post("/profile", params={"policy": "cn-2025", "on": ON}, json={**worker, "birth_date": day})
    assert _error(r, 422, "invalid_input")["fields"] == ["birth_date"]


def test_l10_rules_across_fields_are_in_the_descriptions(client: TestClient) -> None:
    """L10: what the schema cannot say (an end before its start, a rank above the entrants, a lead
    that is not a member, a birth after the date asked) is in the model's description, and refused."""
    spec = client.get("/openapi.json").json()
    described = spec["components"]["schemas"]
    worker = _example("worker.json")
    period = {**worker["work_periods"][0], "end": "1999-01-01"}
    cases = [
        ("WorkPeriod", "``end`` is not before ``start``", "/profile", {**worker, "work_periods": [period]}),
        (
            "CompetitionResult",
            "``rank`` is not greater than ``entrants``",
            "/profile",
            {
                **worker,
                "competitions": [{"level": "tj_district", "on": "2020-01-01", "rank": 3, "entrants": 2}],
            },
        ),
        (
            "Chain",
            "``lead_id`` is the id of a member",
            "/lead",
            {**_example("chain.json"), "lead_id": "nobody"},
        ),
        ("Worker", "``birth_date`` is not after it", "/profile", {**worker, "birth_date": "2100-12-31"}),
    ]
    for model, rule, path, body in cases:
        assert rule in described[model]["description"], model
        policy = "cn-2025" if path == "/profile" else "sz-2025"
        _error(client.post(path, params={"policy": policy, "on": ON}, json=body), 422, "invalid_input")


def test_l10_dates_carry_their_range_and_pattern(client: TestClient) -> None:
    """L10: every date of a body and the ``on`` parameter give their pattern and range (1900–2100);
    ``on`` is refused exactly when its pattern does not match (a day that does not exist aside)."""
    import re

    spec = client.get("/openapi.json").json()
    birth = spec["components"]["schemas"]["Worker"]["properties"]["birth_date"]["anyOf"][0]
    (on,) = [p for p in spec["paths"]["/profile"]["post"]["parameters"] if p["name"] == "on"]
    for schema in (birth, on["schema"]):
        assert (schema["x-formatMinimum"], schema["x-formatMaximum"]) == ("1900-01-01", "2100-12-31")
        assert schema["format"] == "date" and "1900-01-01" in (schema.get("description") or on["description"])
    pattern = re.compile(on["schema"]["pattern"])
    for day in ("2026-03-14", "2026年3月14日", "2026/3/14", "2100-12-31", "1899-12-31", "2101-01-01",
                "20260314", "2026-W11-6", "２０２６-０３-１４", "٢٠٢٦-٠٣-١٤", "2026-3-14"):  # fmt: skip
        r = client.post("/profile", params={"policy": "cn-2025", "on": day}, json=_example("worker.json"))
        assert (r.status_code == 200) == (pattern.search(day) is not None), (day, r.text)


# --- hostile requests -----------------------------------------------------------------------------

# Each question's bundled example and the policy that answers it.
_BODIES = {
    "/grade/technician": ("worker.json", "cn-2025"),
    "/profile": ("worker.json", "cn-2025"),
    "/lead": ("chain.json", "sz-2025"),
    "/compare-editions": ("organisation.json", "cn-2025"),
    "/exits": ("chain.json", "gd-2025"),
    "/dual-certificate": ("dual_certificate_candidate.json", "bj-2025"),
}


def _json_text(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer too long to print (10**5000): send its digits
        return "9" * 5_000


@st.composite
def _hostile_requests(draw: st.DrawFn) -> tuple[str, str | bytes, dict[str, str]]:
    path = draw(st.sampled_from(sorted(_BODIES)))
    example, policy = _BODIES[path]
    mutated = sk_testing.mutated(_example(example))
    # Half the time the mutated example as JSON text (most of these reach the library); else any of
    # json_texts' hostile renderings of it (truncated, bytes, deep nesting, not JSON at all).
    body = draw(st.one_of(mutated.map(_json_text), sk_testing.json_texts(mutated)))
    # Cut to what a URL may carry (the client refuses longer); still far past the parameters' limits.
    text = sk_testing.hostile_text().map(lambda t: t[:2_000])
    # Mostly the date and policy that answer, so that the hostile body reaches the library.
    params = {
        "on": draw(st.one_of(st.just(ON), st.just(ON), text)),
        "policy": draw(
            st.one_of(st.just(policy), st.just(policy), st.sampled_from(skilleco.list_policies()), text)
        ),
    }
    return path, body, params


@settings(
    max_examples=min(settings().max_examples, 100),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(request=_hostile_requests())
def test_hostile_requests_get_a_structured_answer(
    client: TestClient, request: tuple[str, Any, dict[str, str]]
) -> None:
    """A valid example with one node made hostile, or no JSON at all, gets a documented answer, never a 5xx."""
    path, body, params = request
    r = client.post(path, params=params, content=body, headers={"content-type": "application/json"})
    if r.status_code == 200:
        assert r.json()["format_version"] == 1  # its schema is checked by the tests above and schemathesis
    else:
        assert r.status_code in (400, 404, 422), r.text
        schemas.ErrorBody.model_validate(r.json())


# --- schemathesis -----------------------------------------------------------------------------------

# The coverage phase's negative cases (some 4,400 invalid variants, ~30 s) only exercise request
# validation, which fuzzing's negative mode reaches too; its positive ones reach the library.
FUZZ_CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "phases": {
            "stateful": {"enabled": False},  # no links between operations: nothing to chain
            "coverage": {"generation": {"mode": "positive"}},
        },
    }
)
fuzz_schema = schemathesis.openapi.from_asgi("/openapi.json", service.create_app(), config=FUZZ_CONFIG)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@fuzz_schema.parametrize()
@settings(
    max_examples=min(settings().max_examples, 100),
    # Bodies are large, nested models, and many generated ones are refused early: that is the point.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
def test_schemathesis_finds_no_server_error(case: Any) -> None:
    """Every generated request gets a 2xx or a documented 4xx whose body matches the schema, never a 5xx."""
    case.call_and_validate(checks=CHECKS)


_LINK = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|\burl:\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_another_host(client: TestClient, page: str) -> None:
    """The interactive documentation works offline: every script, style and icon it loads is served
    by the service itself (issue 16: Swagger UI from a CDN left /docs blank without a network)."""
    response = client.get(page)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "://" not in response.text, "an absolute URL: the page would load it from another host"
    links = [a or b for a, b in _LINK.findall(response.text)]
    assert "/openapi.json" in links
    assets = [link for link in links if link != "/openapi.json"]
    assert len(assets) >= 2 and all(link.startswith("/static-offline-docs/") for link in assets), links
    for link in assets:
        asset = client.get(link)
        assert asset.status_code == 200 and len(asset.content) > 1_000, link
        kind = asset.headers["content-type"]
        assert kind.startswith(("text/css", "text/javascript", "application/javascript", "image/png")), kind


def test_swagger_ui_reads_the_openapi_version_the_service_writes(client: TestClient) -> None:
    """The Swagger UI served is one that reads OpenAPI 3.1 (5.x), and it asks no outside validator."""
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    page = client.get("/docs").text
    assert '"validatorUrl": null' in page
    bundle = client.get("/static-offline-docs/swagger-ui-bundle.js").content
    assert b"oas/3.1" in bundle
