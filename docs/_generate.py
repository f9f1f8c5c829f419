"""Regenerate the generated reference pages: `python docs/_generate.py`. Tests check they are current.

The same functions run at every docs build (`docs/_hooks.py`), so the site never serves a stale
copy; the committed copies are there to read in the repository and are checked by
`tests/test_docs.py`.
"""

from __future__ import annotations

import datetime
import functools
import json
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from skilleco import Parameter, Policy, Rule, list_policies, load_policy
from skilleco.facts import WORKER_FACTS
from skilleco.rules.rule import PROVENANCES
from skilleco.whatif.schema import SCHEMAS

HERE = Path(__file__).resolve().parent
GENERATOR = Path(__file__).name


def facts_page() -> str:
    """docs/reference/facts.md, from the fact schema."""
    lines = [
        "# Facts",
        "",
        "The flat record rules read, derived from a worker as of a date "
        "(`skilleco.facts.worker_facts`). Unknown is `None`. Temporal facts grow with time alone "
        "and may stand behind an earliest date.",
        "",
        "This page is generated from `skilleco.facts.WORKER_FACTS` by `docs/_generate.py`; "
        "`tests/test_docs.py` checks it is current.",
        "",
        "| fact | type | temporal | meaning |",
        "|---|---|---|---|",
    ]
    for s in WORKER_FACTS.values():
        lines.append(f"| `{s.name}` | {s.type} | {'yes' if s.temporal else ''} | {s.description} |")
    return "\n".join(lines) + "\n"


def record_tables_page() -> str:
    """docs/reference/record-tables.md, from the record-table schema (generated from the models)."""
    from skilleco.population.record_schema import KEY, TABLES, WORKERS

    lines = [
        "# Record tables",
        "",
        "Workers as an HR system exports them: one **workers** table (one row per worker) and one long "
        f"table per kind of record, keyed by `{KEY}`. Read them with `skilleco.population.read_records` "
        "(a folder or `.zip` of `<table>.csv` / `<table>.parquet` files, or a mapping of table name to a "
        "Polars, pandas or Arrow table) or chunk by chunk with `skilleco.population.scan_records`; "
        "`skilleco.compare`, `skilleco.sweep`, `skilleco.columnar.facts_frame` and `skilleco whatif "
        "--population FOLDER` take them as a population.",
        "",
        "- Only the workers table is required. A long table that is given **states** its records for "
        "every worker (no rows: none); a table left out states nothing (unknown), unless the worker's "
        "`records_complete` is true. A worker's `<table>_stated` (false) says their records of that "
        "table are not stated.",
        "- A blank cell (or null) is not stated and takes the default shown. Dates are `YYYY-MM-DD` "
        "(or `YYYY年M月D日`, `YYYY/M/D`); typed date columns and midnight timestamps are dates too. "
        "Grades are grade ids, Chinese labels (高级工) or 五级…一级.",
        "- Every problem is named by table, row (1-based, header not counted) and column: a value that "
        "does not read, a required value missing, a repeated worker id, a record of a worker who is "
        "not in the workers table (`unknown_worker`), records of a worker whose records are said not to "
        "be stated (`not_stated`), dates that cannot be (`impossible_date`). With `on_error=\"skip\"` "
        "a worker with any problem is left out whole and every problem is listed.",
        "- Other workers-table columns are refused, except the group columns (default `region`).",
        "",
        "This page is generated from `skilleco.population.record_schema.TABLES` by "
        "`docs/_generate.py`; `tests/test_docs.py` checks it is current.",
    ]
    for table in TABLES.values():
        what = "one row per worker" if table.name == WORKERS else f"`Worker.{table.field}`, one row each"
        lines += ["", f"## `{table.name}`", "", f"{what} (model `{table.model.__name__}`).", ""]
        lines += ["| column | type | required | default | values | meaning |", "|---|---|---|---|---|---|"]
        for c in table.columns:
            values = ", ".join(f"`{v}`" for v in c.allowed)
            if c.minimum is not None or c.maximum is not None:
                low, high = ("" if x is None else f"{x:g}" for x in (c.minimum, c.maximum))
                values = f"{low}–{high}"
            if c.max_length is not None:
                values = f"≤ {c.max_length} characters"
            default = "" if c.default is None else f"`{c.default}`"
            required = "yes" if c.required else ""
            if c.required and len(c.field) > 1 and c.field[0] == "apprenticeship":
                required = "with an apprenticeship"
            lines.append(f"| `{c.name}` | {c.kind} | {required} | {default} | {values} | {c.description} |")
    return "\n".join(lines) + "\n"


def _schema(make: Callable[[], dict[str, object]]) -> Callable[[], str]:
    def page() -> str:
        return json.dumps(make(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    return page


# --- the rules reference: one page per shipped policy, from the packs -------------------------------

RULES_DIR = "reference/rules"
_NO_START = datetime.date(1900, 1, 1)  # the loader's date for an entry given without `from`


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _value(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _since(day: datetime.date) -> str:
    return "—" if day == _NO_START else day.isoformat()


def _timeline(parameter: Parameter) -> str:
    """A timeline on one line: ``5`` or ``5; from 2027-01-01: 4``."""
    parts = []
    for day, value in parameter.timeline.entries:
        parts.append(_value(value) if day == _NO_START else f"from {day.isoformat()}: {_value(value)}")
    return "; ".join(parts) or "unset"


def _pack_meta(policy_id: str) -> dict[str, Any]:
    """The ``[policy]`` table of a shipped pack, as written (for its sources, dates and note)."""
    text = resources.files("skilleco.policy.packs").joinpath(f"{policy_id}.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["policy"])


def _declared(policy: Policy, kind: str, key: str) -> bool:
    """Whether ``policy``'s own pack declares (or overrides) this rule, parameter or rule set."""
    if policy.parent is None:
        return True
    own = getattr(policy, kind)[key]
    return getattr(load_policy(policy.parent), kind).get(key) != own


def _origin(policy: Policy, kind: str, key: str) -> str:
    """The id of the nearest policy up the tree whose pack declares the item as ``policy`` has it."""
    while not _declared(policy, kind, key):
        assert policy.parent is not None
        policy = load_policy(policy.parent)
    return policy.id


def _rule_link(policy: Policy, rule_id: str) -> str:
    origin = _origin(policy, "rules", rule_id)
    page = "" if origin == policy.id else f"{origin}.md"
    return f"[`{rule_id}`]({page}#{rule_id})"


def _param_link(policy: Policy, name: str) -> str:
    origin = _origin(policy, "parameters", name)
    page = "" if origin == policy.id else f"{origin}.md"
    return f"[`{name}`]({page}#p.{name})"


def _counts(rules: list[Rule]) -> str:
    by = {tag: sum(r.provenance == tag for r in rules) for tag in PROVENANCES}
    return ", ".join(f"{n} {tag}" for tag, n in by.items())


def _rule_section(policy: Policy, rule: Rule) -> list[str]:
    lines = [
        f"### `{rule.id}` {{ #{rule.id} }}",
        "",
        f"**{rule.title_zh}**  ",
        f"*{rule.title_en}*",
        "",
        "| strength | provenance | citation | rule sets |",
        "|---|---|---|---|",
        f"| {rule.strength} | {rule.provenance} | {_cell(rule.citation) or '—'} | "
        + (", ".join(f"`{s}`" for s in rule.sets) or "—")
        + " |",
        "",
        "```text",
        rule.when,
        "```",
        "",
        "- Parameters read: " + (", ".join(_param_link(policy, n) for n in rule.params) or "none"),
        "- Facts read: " + (", ".join(f"`{n}`" for n in rule.facts) or "none"),
    ]
    if rule.role != "rule":
        lines.append(f"- Role: `{rule.role}` (it only constrains the routes that name it as a guard)")
    if rule.guards:
        lines.append("- Guards: " + ", ".join(_rule_link(policy, g) for g in rule.guards))
    if rule.note:
        lines.append(f"- Note: {rule.note}")
    return [*lines, ""]


def _parameter_section(policy: Policy, parameter: Parameter, readers: list[str]) -> list[str]:
    # What reads it besides rules, as the pack says (`read_by`; older versions of Policy lack it).
    others = [_cell(text) for text in [getattr(policy, "read_by", {}).get(parameter.name)] if text]
    lines = [
        f"### `{parameter.name}` {{ #p.{parameter.name} }}",
        "",
        f"{parameter.description or '(no description)'}",
        "",
        "| unit | provenance | citation | read by |",
        "|---|---|---|---|",
        f"| {parameter.unit} | {parameter.provenance} | {_cell(parameter.citation) or '—'} | "
        + (", ".join([*(_rule_link(policy, r) for r in readers), *others]) or "no rule")
        + " |",
        "",
        "| in force from | value |",
        "|---|---|",
    ]
    lines += [f"| {_since(day)} | {_cell(_value(value))} |" for day, value in parameter.timeline.entries]
    return [*lines, ""]


def policy_page(policy_id: str) -> str:
    """docs/reference/rules/<policy>.md: every rule set, rule and parameter of one shipped policy."""
    policy = load_policy(policy_id)
    meta = _pack_meta(policy_id)
    rules = list(policy.rules.values())
    own_rules = [r for r in rules if _declared(policy, "rules", r.id)]
    own_params = [p for p in policy.parameters.values() if _declared(policy, "parameters", p.name)]
    readers: dict[str, list[str]] = {name: [] for name in policy.parameters}
    for rule in rules:
        for name in rule.params:
            readers[name].append(rule.id)
    parent = policy.parent
    dropped = sorted(set(load_policy(parent).rules) - set(policy.rules)) if parent else []
    lines = [
        f"# `{policy.id}` — {policy.title_en}",
        "",
        f"{policy.title_zh}",
        "",
        f"*Generated from the shipped pack by `docs/{GENERATOR}` (at every docs build, and checked "
        "by the tests): do not edit by hand.*",
        "",
        f"- **Jurisdiction:** `{policy.jurisdiction}`",
        "- **Parent:** " + (f"[`{parent}`]({parent}.md)" if parent else "none (a root policy)"),
        "- **Effective from:** "
        + (_value(meta["effective_from"]) if "effective_from" in meta else "not stated"),
        "- **Sources** (document ids of the policy reference): "
        + (", ".join(f"`{s}`" for s in meta.get("sources", [])) or "none"),
        "- **Pack files**, root first: " + ", ".join(f"`src/{s}`" for s in policy.sources),
        f"- **Content:** {len(rules)} rules ({len(own_rules)} declared in this pack; {_counts(rules)}), "
        f"{len(policy.parameters)} parameters ({len(own_params)} declared in this pack), "
        f"{len(policy.rulesets)} rule sets",
    ]
    if meta.get("note"):
        lines.append(f"- **Note:** {meta['note']}")
    if dropped:
        lines.append("- **Rules of the parent dropped here:** " + ", ".join(f"`{r}`" for r in dropped))
    lines += [
        "",
        "## Rule sets",
        "",
        "Hit policies: `all_of` (every required rule must hold), `any_route` (any one route suffices), "
        "`any_triggers` (every triggered rule is reported).",
        "",
    ]
    for s in policy.rulesets.values():
        members = ", ".join(_rule_link(policy, r.id) for r in policy.members(s.id)) or "none"
        lines += [
            f"- **`{s.id}`** — {s.title_zh} · *{s.title_en}*  ",
            f"  hit `{s.hit}` · question `{s.question}` · subject `{s.subject}`"
            + (f" · target `{s.target}`" if s.target else "")
            + "  ",
            f"  rules: {members}",
        ]
    lines += ["", "## Rules", ""]
    if own_rules:
        lines += ["Declared in this pack (or overriding the parent's rule of the same id).", ""]
        for rule in own_rules:
            lines += _rule_section(policy, rule)
    else:
        lines += ["This pack declares no rules of its own.", ""]
    inherited = [r for r in rules if r not in own_rules]
    if inherited:
        lines += [
            "### Inherited rules",
            "",
            "In force here as declared in an ancestor pack (follow the link for the condition and "
            "the parameters it reads).",
            "",
            "| rule | title | strength | provenance | citation |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {_rule_link(policy, r.id)} | {_cell(r.title_zh)}<br>{_cell(r.title_en)} | {r.strength} | "
            f"{r.provenance} | {_cell(r.citation) or '—'} |"
            for r in inherited
        ]
        lines.append("")
    lines += [
        "## Parameters",
        "",
        "A rule reads a parameter as `p.<name>`; its value is looked up by the date asked about. "
        "“—” in *in force from* means the pack gives no start date (in force from the beginning); "
        "*unset* means no figure is known.",
        "",
    ]
    for parameter in own_params:
        lines += _parameter_section(policy, parameter, readers[parameter.name])
    inherited_params = [p for p in policy.parameters.values() if p not in own_params]
    if inherited_params:
        lines += [
            "### Inherited parameters",
            "",
            "| parameter | timeline | unit | provenance | citation |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {_param_link(policy, p.name)} | {_cell(_timeline(p))} | {p.unit} | {p.provenance} | "
            f"{_cell(p.citation) or '—'} |"
            for p in inherited_params
        ]
        lines.append("")
    if policy.occupations:
        lines += [
            "## Occupation overrides",
            "",
            "| code | name | citation | parameters | routes dropped | routes added |",
            "|---|---|---|---|---|---|",
        ]
        for o in policy.occupations.values():
            params = ", ".join(f"`{k}` = {_value(v)}" for k, v in o.parameters.items()) or "—"
            lines.append(
                f"| `{o.code}` | {_cell(o.name)} | {_cell(o.citation) or '—'} | {_cell(params)} | "
                + (", ".join(f"`{r}`" for r in o.drop_rules) or "—")
                + " | "
                + (", ".join(f"`{r.id}` ({r.provenance}): `{_cell(r.when)}`" for r in o.add_rules) or "—")
                + " |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _tree(policy_id: str, children: dict[str | None, list[str]], depth: int) -> list[str]:
    policy = load_policy(policy_id)
    line = f"{'    ' * depth}- [`{policy_id}`]({policy_id}.md) — {policy.title_zh}"
    return [line, *(x for child in children.get(policy_id, []) for x in _tree(child, children, depth + 1))]


def rules_index_page() -> str:
    """docs/reference/rules/index.md: the policies, their tree, every rule id and where it is declared."""
    ids = list_policies()
    policies = [load_policy(i) for i in ids]
    children: dict[str | None, list[str]] = {}
    for p in policies:
        children.setdefault(p.parent, []).append(p.id)
    lines = [
        "# Rules reference",
        "",
        "Every shipped policy pack, every rule and every parameter, generated from the packs in "
        f"`src/skilleco/policy/packs/` by `docs/{GENERATOR}` at every docs build (and checked by the "
        "tests), so these pages cannot drift from what the library evaluates. The same content is "
        "printed by `skilleco rules <policy>` and returned by `Policy.describe()`. Rule ids and "
        "parameter names are public API ([compatibility](../compatibility.md)).",
        "",
        "## Policies",
        "",
        "| policy | jurisdiction | parent | title | rules | parameters | provenance of its rules |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in policies:
        lines.append(
            f"| [`{p.id}`]({p.id}.md) | `{p.jurisdiction}` | "
            + (f"`{p.parent}`" if p.parent else "—")
            + f" | {_cell(p.title_zh)}<br>{_cell(p.title_en)} | {len(p.rules)} | {len(p.parameters)} | "
            f"{_counts(list(p.rules.values()))} |"
        )
    lines += [
        "",
        "## Inheritance",
        "",
        "A child inherits its parent's rule sets, rules and parameters and may override or drop any of them.",
        "",
    ]
    for root in children.get(None, []):
        lines += _tree(root, children, 0)
    declared: dict[str, list[tuple[Policy, Rule]]] = {}
    for p in policies:
        for rule in p.rules.values():
            if _declared(p, "rules", rule.id):
                declared.setdefault(rule.id, []).append((p, rule))
    lines += [
        "",
        "## Every rule id",
        "",
        "Each rule id with the packs that declare it (a child may override a rule of the same id).",
        "",
        "| rule id | declared in | title | strength | provenance |",
        "|---|---|---|---|---|",
    ]
    for rule_id in sorted(declared):
        where = ", ".join(f"[`{p.id}`]({p.id}.md#{rule_id})" for p, _ in declared[rule_id])
        rule = declared[rule_id][0][1]
        lines.append(
            f"| `{rule_id}` | {where} | {_cell(rule.title_en)} | "
            + ", ".join(sorted({r.strength for _, r in declared[rule_id]}))
            + " | "
            + ", ".join(sorted({r.provenance for _, r in declared[rule_id]}))
            + " |"
        )
    return "\n".join(lines) + "\n"


def rules_pages() -> dict[str, Callable[[], str]]:
    """The rules reference: the index and one page per shipped policy."""
    pages: dict[str, Callable[[], str]] = {f"{RULES_DIR}/index.md": rules_index_page}
    for policy_id in list_policies():
        pages[f"{RULES_DIR}/{policy_id}.md"] = functools.partial(policy_page, policy_id)
    return pages


def standards_page() -> str:
    """docs/reference/standards.md: every shipped occupational standard, from its file."""
    from skilleco.policy.standards import shipped_standards

    lines = [
        "# Occupational standards",
        "",
        "Generated from the standard files that ship with skilleco (`skilleco/policy/packs/standards/`) by",
        "`docs/_generate.py`; do not edit. Apply them with `skilleco.with_standards(policy,",
        "skilleco.shipped_standards())`; see the how-to *Add an occupational standard*.",
        "",
        "| standard | occupation | code (provenance) | template | levels | other occupations | provenance |",
        "|---|---|---|---|---|---|---|",
    ]
    for std in sorted(shipped_standards().values(), key=lambda s: s.id):
        k = std.kinship
        if k.own_only:
            others = "本职业 only"
        elif k.related is None:
            others = "any related occupation"
        else:
            others = f"{len(k.related)} by code" + ("" if k.complete else " (others listed by name: unknown)")
        lines.append(
            f"| `{std.id}` | {_cell(std.occupation_name)} | {std.occupation_code} ({std.code_provenance}) "
            f"| {std.edition} | {', '.join(std.levels)} | {others} | {std.provenance} |"
        )
    for std in sorted(shipped_standards().values(), key=lambda s: s.id):
        o = std.override
        lines += ["", f"## `{std.id}` — {std.occupation_name}", ""]
        if std.document:
            lines.append(
                f"- Document {std.document}" + (f", {std.issued_on.isoformat()}." if std.issued_on else ".")
            )
        if std.kinship.trades:
            lines.append(f"- Trades (工种): {'、'.join(sorted(std.kinship.trades))}.")
        if std.kinship.majors:
            lines.append(f"- Majors (本专业/相关专业): {len(std.kinship.majors)} listed.")
        changes = [f"`{k}` = {_value(v)}" for k, v in o.parameters.items()]
        lines.append("- Thresholds changed: " + (", ".join(changes) if changes else "none") + ".")
        lines.append("- Routes removed: " + (", ".join(f"`{r}`" for r in o.drop_rules) or "none") + ".")
        for r in o.add_rules:
            lines.append(f"- added `{r.id}` ({r.citation}, {r.provenance}): {_cell(r.title_zh)} — `{r.when}`")
    return "\n".join(lines) + "\n"


PAGES: dict[str, Callable[[], str]] = {
    "reference/facts.md": facts_page,
    "reference/standards.md": standards_page,
    "reference/record-tables.md": record_tables_page,
    **{f"reference/schemas/{name}.schema.json": _schema(make) for name, make in SCHEMAS.items()},
    **rules_pages(),
}

if __name__ == "__main__":
    for name, make in PAGES.items():
        (HERE / name).parent.mkdir(parents=True, exist_ok=True)
        (HERE / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}")
