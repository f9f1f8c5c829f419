"""Policy files: a user's own packs from a file or a directory, the broken-file corpus, limits and diagnostics."""

from __future__ import annotations

import os
import pickle
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import POLICY_FILE_REASONS, ExpressionError, PolicyFileError, UnknownPolicyError
from skilleco.models.limits import (
    LIMITS,
    MAX_CONDITION_DEPTH,
    MAX_FILE_BYTES,
    MAX_INHERITANCE_DEPTH,
    MAX_RULES,
)
from skilleco.policy import Diagnostic
from skilleco.questions.chain import edition_ruleset
from skilleco.rules.syntax import parse

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("policy_corpus")
BROKEN = CORPUS / "broken"
GOOD = CORPUS / "good"
MANIFEST: list[dict[str, str]] = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["case"]

# A senior (三级) certificate of 2021-09-15 and work without a break from that day: 48 months of work
# after it on 2025-09-15, 36 on 2024-09-15 (time.md, "Work after a date").
W = {
    "id": "w",
    "records_complete": True,
    "occupation": {"code": "6-18-02-04", "standard_edition": "t2023"},
    "certificates": [{"level": "senior", "occupation_code": "6-18-02-04", "issued_on": "2021-09-15"}],
    "work_periods": [{"start": "2021-09-15"}],
}


def pack(pid: str, parent: str | None = "cn-2025", body: str = "") -> str:
    """The text of a minimal user pack."""
    parent_line = f'parent = "{parent}"\n' if parent else ""
    return (
        f'[policy]\nid = "{pid}"\n{parent_line}jurisdiction = "cn"\ntitle_zh = "测试"\ntitle_en = "test"\n'
        + body
    )


def rule(rid: str, when: str = "has_cert_senior", sets: str = "grade.t2023.technician") -> str:
    """The text of one [[rules]] table."""
    return (
        f'\n[[rules]]\nid = "{rid}"\nsets = ["{sets}"]\ntitle_zh = "测试"\ntitle_en = "test"\n'
        f"citation = \"test\"\nprovenance = \"modelled\"\nwhen = '''{when}'''\n"
    )


def write(folder: Path, pid: str, text: str) -> Path:
    """Write ``<pid>.toml`` in ``folder``."""
    path = folder / f"{pid}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path, **kwargs: Any) -> PolicyFileError:
    """The error loading ``path`` raises."""
    with pytest.raises(PolicyFileError) as info:
        skilleco.load_policy_file(path, **kwargs)
    return info.value


# --- the corpus -------------------------------------------------------------------------------------


def test_corpus_lists_every_broken_file_once() -> None:
    """The manifest names every file in broken/ exactly once, there are at least 20, and every reason is real."""
    listed = [c["file"] for c in MANIFEST]
    assert sorted(listed) == sorted(p.name for p in BROKEN.iterdir())
    assert len(listed) == len(set(listed)) >= 20
    assert {c["reason"] for c in MANIFEST} <= set(POLICY_FILE_REASONS)


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_each_broken_file_yields_its_intended_error(case: dict[str, str]) -> None:
    """Loading a corpus file raises PolicyFileError with the intended code, reason, file and key path."""
    error = refused(BROKEN / case["file"])
    got = (error.code, error.reason, Path(error.file).name, error.key)
    assert got == (case["code"], case["reason"], case.get("error_file", case["file"]), case["key"])
    assert str(error).startswith(error.file)


def test_a_misspelt_key_or_name_carries_its_suggestion() -> None:
    """Unknown keys, parents, rules and rule sets suggest the closest known name, as data."""
    suggestions = {
        "unknown-policy-key.toml": "parent",
        "unknown-top-key.toml": "parameters",
        "unknown-parent.toml": "cn-2025",
        "drop-unknown-rule.toml": "grade.t2023.technician.school",
        "unknown-ruleset.toml": "grade.t2023.technician",
    }
    for name, suggestion in suggestions.items():
        assert refused(BROKEN / name).suggestion == suggestion, name


def test_policy_file_errors_pickle_with_their_detail() -> None:
    """A PolicyFileError survives pickling (worker processes) with file, key, reason and suggestion."""
    error = refused(BROKEN / "unknown-parent.toml")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.key, copy.reason, copy.suggestion, str(copy)) == (
        error.file,
        error.key,
        error.reason,
        error.suggestion,
        str(error),
    )


# --- good packs -------------------------------------------------------------------------------------


def test_a_user_pack_changes_a_parameter_and_adds_a_route() -> None:
    """my-gd (parent gd-2025) shortens the technician wait to 4 years of work and adds a large-employer
    route (3 years of work after the senior certificate)."""
    mine = skilleco.load_policy_file(GOOD / "my-gd.toml")
    assert (mine.id, mine.parent, mine.ancestors) == ("my-gd", "gd-2025", ("gd-2025", "cn-2025"))
    assert mine.sources[-1].endswith("my-gd.toml")
    base = skilleco.assess_grade(W, "technician", policy="gd-2025", on="2025-09-15")
    new = skilleco.assess_grade(W, "technician", policy=mine, on="2025-09-15")
    assert (base.status, new.status) == ("ineligible", "eligible")
    assert new.deciding == ("grade.t2023.technician.after_senior",)
    big = {**W, "employer": {"above_designated_size": True}}
    d = skilleco.assess_grade(big, "technician", policy=mine, on="2024-09-15")
    assert (d.status, d.deciding) == ("eligible", ("grade.mygd.technician.large_employer",))
    assert "grade.mygd.technician.large_employer" in d.modelled_rule_ids


def test_a_user_pack_works_in_a_what_if_and_pickles() -> None:
    """A user pack is a Policy like any other: a comparison uses it, and it pickles by content."""
    mine = skilleco.load_policy_file(GOOD / "my-gd.toml")
    c = skilleco.compare([W], "grade:technician", baseline="gd-2025", reform=mine, on="2025-09-15")
    assert [(f.subject_id, f.before, f.after) for f in c.flips] == [("w", "ineligible", "eligible")]
    assert "grade.t2023.technician.after_senior" in c.flips[0].rules
    copy = pickle.loads(pickle.dumps(mine))
    assert (copy.content_hash(), copy.ancestors, dict(copy.read_by)) == (
        mine.content_hash(),
        mine.ancestors,
        dict(mine.read_by),
    )


def test_a_two_level_user_chain_resolves_its_ancestors_rule_sets() -> None:
    """acme-2027 -> acme-base -> gd-2025: exits use the grandparent's exit.gd2025, leads the parent's lead.acmebase."""
    from_dir = skilleco.load_policy_file(GOOD / "chain")
    from_file = skilleco.load_policy_file(GOOD / "chain" / "acme-2027.toml")
    assert from_dir.id == from_file.id == "acme-2027"
    assert from_dir.content_hash() == from_file.content_hash()
    assert from_dir.ancestors == ("acme-base", "gd-2025", "cn-2025")
    assert edition_ruleset(from_dir, "exit", "exit") == "exit.gd2025"
    assert edition_ruleset(from_dir, "lead", "lead") == "lead.acmebase"
    chain = {
        "id": "c1",
        "lead_id": "lead",
        "established_on": "2023-01-01",
        "members": [{"organisation": {"id": "lead", "kind": "enterprise"}}],
    }
    report = skilleco.check_exits(chain, policy=from_dir, on="2025-06-30")
    assert (report.ruleset_id, report.policy_id) == ("exit.gd2025", "acme-2027")
    lead = skilleco.assess_chain_lead({"id": "lead", "kind": "enterprise"}, policy=from_dir, on="2025-06-30")
    assert (lead.ruleset_id, lead.status) == ("lead.acmebase", "eligible")
    base = skilleco.load_policy_file(GOOD / "chain", policy_id="acme-base")
    assert base.ancestors == ("gd-2025", "cn-2025")
    copy = pickle.loads(pickle.dumps(from_dir))
    assert edition_ruleset(copy, "lead", "lead") == "lead.acmebase"


def test_a_pack_may_replace_an_inherited_rule_deliberately(tmp_path: Path) -> None:
    """replace = true swaps an inherited rule; dropping it and adding it again does the same."""
    replaced = rule("grade.t2023.technician.school", when="has_cert_senior").replace(
        "[[rules]]", "[[rules]]\nreplace = true"
    )
    a = skilleco.load_policy_file(write(tmp_path, "swap", pack("swap", body=replaced)))
    assert a.rule("grade.t2023.technician.school").when == "has_cert_senior"
    dropped = 'drop_rules = ["grade.t2023.technician.school"]\n'
    b = skilleco.load_policy_file(
        write(tmp_path, "again", pack("again", body=dropped + rule("grade.t2023.technician.school")))
    )
    assert b.rule("grade.t2023.technician.school").provenance == "modelled"


# --- directories ------------------------------------------------------------------------------------


def test_a_directory_is_read_whole_and_only_its_toml_files(tmp_path: Path) -> None:
    """Every *.toml is read (one broken file fails the load); other files, hidden files and subfolders are not."""
    write(tmp_path, "mine", pack("mine"))
    (tmp_path / "README.md").write_text("not a pack", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text("not even TOML [", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "deep", "not even TOML [")
    assert skilleco.load_policy_file(tmp_path).id == "mine"
    write(tmp_path, "broken", pack("broken", body="oops = 1\n"))
    error = refused(tmp_path, policy_id="mine")
    assert (Path(error.file).name, error.reason, error.key) == ("broken.toml", "unknown_key", "policy.oops")


def test_a_directory_with_several_policies_needs_policy_id(tmp_path: Path) -> None:
    """Two packs no other pack extends: the caller must say which one; a wrong id is a lookup error."""
    write(tmp_path, "one", pack("one"))
    write(tmp_path, "two", pack("two", parent="one"))
    write(tmp_path, "three", pack("three", parent="one"))
    assert refused(tmp_path).reason == "ambiguous"
    assert skilleco.load_policy_file(tmp_path, policy_id="three").ancestors == ("one", "cn-2025")
    with pytest.raises(UnknownPolicyError) as info:
        skilleco.load_policy_file(tmp_path, policy_id="thre")
    assert info.value.suggestion == "three"
    with pytest.raises(UnknownPolicyError):
        skilleco.load_policy_file(tmp_path / "one.toml", policy_id="two")


def test_a_parent_is_read_from_the_same_directory_only(tmp_path: Path) -> None:
    """A parent that is not shipped is <parent>.toml beside the file; absent, it is an unknown parent."""
    write(tmp_path, "child", pack("child", parent="base"))
    error = refused(tmp_path / "child.toml")
    assert (error.reason, error.key) == ("unknown_parent", "policy.parent")
    write(tmp_path, "base", pack("base", parent="gd-2025"))
    assert skilleco.load_policy_file(tmp_path / "child.toml").ancestors == ("base", "gd-2025", "cn-2025")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlink_leading_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    """A pack reached through a symlink pointing outside the directory is not read."""
    outside, inside = tmp_path / "outside", tmp_path / "inside"
    outside.mkdir()
    inside.mkdir()
    write(outside, "base", pack("base"))
    write(inside, "child", pack("child", parent="base"))
    (inside / "base.toml").symlink_to(outside / "base.toml")
    for path in (inside / "child.toml", inside):
        error = refused(path)
        assert (Path(error.file).name, error.reason) == ("base.toml", "unreadable")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.toml", "unreadable"),
        (lambda d: write(d, "notes", "x").with_suffix(".toml").rename(d / "notes.txt"), "unreadable"),
        (lambda d: d, "unreadable"),  # an empty directory
    ],
    ids=["missing", "not-toml-suffix", "empty-directory"],
)
def test_paths_that_are_not_packs_are_unreadable(tmp_path: Path, make: Any, reason: str) -> None:
    """A missing path, a file that is not *.toml and an empty directory are refused as unreadable."""
    assert refused(make(tmp_path)).reason == reason


# --- limits -----------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """A file larger than MAX_FILE_BYTES is too_large, whatever it holds."""
    path = write(tmp_path, "huge", pack("huge") + "#" * MAX_FILE_BYTES)
    error = refused(path)
    assert (error.reason, error.key) == ("too_large", "<file>")


def test_too_many_rules_is_too_large(tmp_path: Path) -> None:
    """More than MAX_RULES [[rules]] tables in one file is too_large at the key 'rules'."""
    body = "".join(rule(f"grade.test.r{i}") for i in range(MAX_RULES + 1))
    error = refused(write(tmp_path, "many", pack("many", body=body)))
    assert (error.reason, error.key) == ("too_large", "rules")


def test_an_inheritance_chain_past_the_limit_is_too_large(tmp_path: Path) -> None:
    """A user chain with more than MAX_INHERITANCE_DEPTH ancestors is refused."""
    parent = "cn-2025"
    for i in range(MAX_INHERITANCE_DEPTH + 1):
        write(tmp_path, f"p{i}", pack(f"p{i}", parent=parent))
        parent = f"p{i}"
    error = refused(tmp_path / f"p{MAX_INHERITANCE_DEPTH}.toml")
    assert (error.reason, error.key) == ("too_large", "policy.parent")
    assert skilleco.load_policy_file(tmp_path / f"p{MAX_INHERITANCE_DEPTH - 2}.toml")


@pytest.mark.parametrize(
    "text",
    [
        "not " * 999 + "has_cert_senior",
        "-" * 3000 + "work_months > 1",
        "work_months" + " + 1" * 900 + " > 3",
        "(" * (MAX_CONDITION_DEPTH + 1) + "has_cert_senior" + ")" * (MAX_CONDITION_DEPTH + 1),
    ],
    ids=["not-chain", "minus-chain", "plus-chain", "parentheses"],
)
def test_deep_conditions_are_refused_not_a_recursion_error(text: str) -> None:
    """Chains of not, minus, plus and parentheses past the depth limit are a too_large ExpressionError."""
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.reason == "too_large"


def test_the_limits_table_in_the_docs_matches_the_code() -> None:
    """docs/reference/policy-packs.md lists every limit with its value in the code."""
    text = (ROOT / "docs" / "reference" / "policy-packs.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(MAX_[A-Z_]+)` \| ([\d,]+) \|", text, re.MULTILINE))
    assert {k: int(v.replace(",", "")) for k, v in rows.items()} == dict(LIMITS)


def test_every_reason_is_documented() -> None:
    """Each PolicyFileError reason has a row in docs/reference/errors.md and in policy-packs.md."""
    for page in ("errors.md", "policy-packs.md"):
        text = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
        assert [r for r in POLICY_FILE_REASONS if f"| `{r}` |" not in text] == [], page


# --- nothing is executed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        "__import__('os').system('x')",
        "().__class__",
        "has_cert_senior.__class__.__mro__",
        'eval("1")',
        'open("/etc/passwd")',
        "[x for x in ()]",
        "lambda: 1",
        "has_cert_senior; import os",
    ],
)
def test_python_in_a_condition_is_a_parse_error(when: str) -> None:
    """A condition holding Python is refused by the parser: nothing is ever evaluated as code."""
    with pytest.raises(ExpressionError) as info:
        parse(when)
    assert info.value.reason == "bad_condition"


def test_the_loading_modules_never_run_file_content() -> None:
    """The modules that read packs use no eval, exec, compile, pickle loading or dynamic imports."""
    names = (
        *(f"policy/{p.stem}" for p in (ROOT / "src" / "skilleco" / "policy").glob("*.py")),
        "rules/syntax",
        "rules/check",
        "models/limits",
    )
    # re.compile is fine: a bare eval(, exec( or compile( is not.
    banned = re.compile(
        r"(?<![.\w])(eval|exec|compile|__import__|import_module)\(|\bpickle\.loads?\b|\bmarshal\b"
    )
    for name in names:
        source = (ROOT / "src" / "skilleco" / f"{name}.py").read_text(encoding="utf-8")
        assert banned.findall(source) == [], name


# --- diagnostics --------------------------------------------------------------------------------------

SHIPPED_UNREAD = {
    "post.special.quota",
    "post.term_years",
    "subsidy.max_per_year",
    "subsidy.min_insured_months",
}


@pytest.mark.parametrize(
    ("policy", "unread"),
    [
        ("cn-2025", SHIPPED_UNREAD),
        ("gd-2025", {*SHIPPED_UNREAD, "subsidy.shortage_senior_bonus_pct"}),
        ("sz-2025", {*SHIPPED_UNREAD, "subsidy.shortage_senior_bonus_pct"}),
        ("gd-2022", SHIPPED_UNREAD),
        ("bj-2024", SHIPPED_UNREAD),
        ("bj-2025", SHIPPED_UNREAD),
        ("tj-2024", SHIPPED_UNREAD),
        ("sd-2020", SHIPPED_UNREAD),
        ("gba", set()),
    ],
)
def test_shipped_diagnostics_are_only_the_known_unread_parameters(policy: str, unread: set[str]) -> None:
    """No shipped route is impossible or duplicated; the unread parameters are the figures not yet modelled."""
    found = skilleco.load_policy(policy).diagnostics()
    assert {d.kind for d in found} <= {"unread_parameter"}
    assert {d.parameter for d in found} == unread


def test_subsidy_figures_are_marked_as_read_by_the_cost_line() -> None:
    """subsidy.<grade> is read by the what-if cost line, said with read_by in cn-2025 and inherited."""
    sz = skilleco.load_policy("sz-2025")
    assert "cost line" in sz.read_by["subsidy.senior"]
    assert not any(d.parameter == "subsidy.senior" for d in sz.diagnostics())


@pytest.mark.parametrize(
    "when",
    [
        "work_months >= 5 and work_months < 3",
        "work_months > 12 and work_months <= 12",
        "1 > 2",
        "has_cert_senior and not has_cert_senior",
        'occupation_edition == "t2018" and occupation_edition == "t2023"',
        'occupation_edition in ["t2018"] and occupation_edition != "t2018"',
        "occupation_edition in []",
        "years_since(cert_senior_on) >= p.t2023.technician.after_senior_years and years_since(cert_senior_on) < 2",
        "(1 > 2) or (work_months > 3 and work_months < 1)",
    ],
)
def test_a_route_that_can_never_hold_is_diagnosed(when: str) -> None:
    """A constant-false route (after folding constants and constant parameters) is a never_holds diagnostic."""
    cn = skilleco.load_policy("cn-2025")
    reform = cn.with_changes(
        add=[skilleco.Rule.build(id="x.never", when=when, sets=("grade.t2023.technician",))], label="x"
    )
    found = [d for d in reform.diagnostics() if d.kind == "never_holds"]
    assert [(d.ruleset_id, d.rule_id) for d in found] == [("grade.t2023.technician", "x.never")]


@pytest.mark.parametrize(
    "when",
    [
        "work_months >= 5 and work_months <= 5",
        "work_months > 3 and work_months < 4",
        "has_cert_senior or 1 > 2",
        "not has_cert_senior",
        "work_months >= 5 or work_months < 3",
    ],
)
def test_a_route_that_can_hold_is_not_diagnosed(when: str) -> None:
    """The check never reports a condition that some facts make true."""
    cn = skilleco.load_policy("cn-2025")
    reform = cn.with_changes(
        add=[skilleco.Rule.build(id="x.may", when=when, sets=("grade.t2023.technician",))], label="x"
    )
    assert [d for d in reform.diagnostics() if d.kind == "never_holds"] == []


def test_a_guard_that_can_never_hold_blocks_its_routes() -> None:
    """tj-2024 with its once-a-year guard made impossible: the guard and every route it guards never hold."""
    tj = skilleco.load_policy("tj-2024")
    guard = tj.rule("grade.exceptional.tj.once_a_year")
    impossible = {
        "id": guard.id,
        "sets": list(guard.sets),
        "role": "guard",
        "title_zh": guard.title_zh,
        "title_en": guard.title_en,
        "citation": guard.citation,
        "provenance": "modelled",
        "when": "tj_comp_promotions_in_year < 0 and tj_comp_promotions_in_year > 1",
    }
    found = {
        (d.ruleset_id, d.rule_id)
        for d in tj.with_changes(replace=[impossible], label="x").diagnostics()
        if d.kind == "never_holds"
    }
    assert ("grade.t2023.technician", "grade.exceptional.tj.city_top10") in found
    assert ("grade.t2023.technician", "grade.exceptional.tj.once_a_year") in found
    assert {rid for _, rid in found} == {
        "grade.exceptional.tj.city_top10",
        "grade.exceptional.tj.city_class2_top6",
        "grade.exceptional.tj.enterprise_top30pct",
        "grade.exceptional.tj.once_a_year",
    }


def test_duplicate_routes_are_diagnosed_with_the_earlier_rule() -> None:
    """Two routes of one rule set with the same condition (and order of 'and' parts ignored) are reported."""
    cn = skilleco.load_policy("cn-2025")
    same = cn.rule("grade.t2023.technician.school")
    parts = same.when.split(" and ")
    reform = cn.with_changes(
        add=[skilleco.Rule.build(id="x.copy", when=" and ".join(reversed(parts)), sets=same.sets)], label="x"
    )
    found = [d for d in reform.diagnostics() if d.kind == "duplicate_route"]
    assert found == [
        Diagnostic(
            "duplicate_route",
            "grade.t2023.technician",
            "x.copy",
            found[0].message,
            other_rule_id="grade.t2023.technician.school",
        )
    ]


def test_an_unread_parameter_is_diagnosed_unless_marked(tmp_path: Path) -> None:
    """A parameter no rule reads is reported; read_by = "..." says who reads it and silences the report."""
    param = '\n[parameters."test.figure"]\nunit = "yuan"\ncitation = "x"\nprovenance = "modelled"\nvalues = [{ value = 1 }]\n'
    plain = skilleco.load_policy_file(write(tmp_path, "plain", pack("plain", body=param)))
    assert "test.figure" in {d.parameter for d in plain.diagnostics()}
    marked = param.replace("values", 'read_by = "our dashboard"\nvalues')
    quiet = skilleco.load_policy_file(write(tmp_path, "quiet", pack("quiet", body=marked)))
    assert "test.figure" not in {d.parameter for d in quiet.diagnostics()}
    assert quiet.read_by["test.figure"] == "our dashboard"


# --- reforms keep their keys, now with reasons ----------------------------------------------------------


def test_reform_errors_carry_reasons() -> None:
    """with_changes errors keep their rule-id keys and now say why (duplicate_rule, unknown_fact, bad_condition)."""
    cn = skilleco.load_policy("cn-2025")
    with pytest.raises(PolicyFileError) as dup:
        cn.with_changes(add=[cn.rule("grade.t2023.technician.school")], label="x")
    assert dup.value.reason == "duplicate_rule"
    for when, reason in [("has_cert_senoir", "unknown_fact"), ("cert_senior_on >= 3", "bad_condition")]:
        with pytest.raises(PolicyFileError) as info:
            cn.with_changes(
                add=[skilleco.Rule.build(id="x.y", when=when, sets=("grade.t2023.junior",))], label="x"
            )
        assert (info.value.key, info.value.reason) == ("x.y.when", reason)


def test_examples_in_the_loading_modules_hold() -> None:
    """The docstring examples of load_policy_file and the key paths run as written."""
    import doctest

    from skilleco.policy import files as _pack_files
    from skilleco.policy import reader as _reader

    for module in (_reader, _pack_files):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
