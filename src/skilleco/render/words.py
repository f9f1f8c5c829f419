"""Every human-facing word skilleco shows, in English and Chinese: one catalogue for a translator.

Words are grouped by where they appear (``status``, ``finding``, ``provenance``, ``col`` for table
headings, ``decision``, ``criterion``, ``exit``, ``edition``, ``profile``, ``whatif``, ``chart``,
``group``, ``cli``, ``demo``, and ``plan`` and ``pipeline`` in :mod:`.words_career`); each entry is
an ``(en, zh)`` pair, and :func:`word` looks one up by ``"section.key"``. Entries with ``{fields}``
are templates; both languages name the same fields. Grade names come from the ladder
(:func:`grade_name`), not from here: they are domain vocabulary.

Example:
    >>> word("status.review", "zh")
    '待复核'
    >>> word("decision.deciding", "en", rules="a, b")
    'deciding rules: a, b'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Literal, TypeAlias

from ..exceptions import UnknownGradeError, UnknownNameError
from ..ladder import grade
from .words_career import PIPELINE, PLAN

Lang: TypeAlias = Literal["zh", "en"]
Pair: TypeAlias = tuple[str, str]
"""A word in both languages: ``(en, zh)``."""

LANGS: tuple[Lang, ...] = ("en", "zh")


def _section(entries: dict[str, Pair]) -> Mapping[str, Pair]:
    return MappingProxyType(entries)


STATUS = _section(
    {
        "eligible": ("eligible", "可申报"),
        "review": ("review", "待复核"),
        "ineligible": ("ineligible", "不可申报"),
        "undetermined": ("undetermined", "待定"),
        "not_applicable": ("not applicable", "不适用"),
        "retain": ("retain", "保留"),
        "exit": ("exit", "退出"),
    }
)
"""Decision statuses."""

FINDING = _section({"yes": ("yes", "满足"), "no": ("no", "不满足"), "unknown": ("unknown", "未知")})
"""Finding statuses: whether one rule holds."""

PROVENANCE = _section(
    {"text": ("text", "原文"), "secondary": ("secondary", "二手资料"), "modelled": ("MODELLED", "推定")}
)
"""Where a rule comes from: the policy text, a secondary source, or modelled by us."""

COL = _section(
    {
        "rule": ("rule", "规则"),
        "result": ("result", "结果"),
        "strength": ("strength", "强度"),
        "provenance": ("provenance", "来源类型"),
        "citation": ("citation", "出处"),
        "message": ("message", "说明"),
        "unit": ("unit", "单位"),
        "triggered": ("triggered", "触发的情形"),
        "evidence": ("evidence", "证据"),
        "missing_facts": ("missing facts", "缺少的事实"),
        "edition": ("edition", "版本"),
        "deciding_rules": ("deciding rules", "决定性规则"),
        "grade": ("grade", "等级"),
        "status": ("status", "结论"),
        "via": ("via", "依据"),
        "earliest": ("earliest", "最早"),
        "title": ("title", "标题"),
        "condition": ("condition", "条件"),
        "baseline": ("baseline", "现行"),
        "reform": ("reform", "改革"),
        "change": ("change", "变化"),
        "flips": ("flips", "结论变化"),
        "gained": ("gained", "转好"),
        "lost": ("lost", "转差"),
        "source": ("provenance", "来源"),
        "parameter": ("parameter", "参数"),
        "subject": ("subject", "对象"),
        "row": ("row", "行"),
        "cost": ("cost (yuan)", "补贴（元）"),
        "value": ("value", "取值"),
        "since": ("from", "起始日期"),
    }
)
"""Table headings."""

DECISION = _section(
    {
        "head": ("{question}{about}: {status}", "{question}{about}：{status}"),
        "about": (" → {target}", " → {target}"),
        "where": (
            "subject {subject}; on {on}; policy {policy}; rule set {ruleset}",
            "对象 {subject}；日期 {on}；政策 {policy}；规则集 {ruleset}",
        ),
        "deciding": ("deciding rules: {rules}", "决定性规则：{rules}"),
        "missing": ("missing facts: {facts}", "缺少的事实：{facts}"),
        "earliest": ("earliest date: {date}", "最早可满足日期：{date}"),
        "modelled": ("rests on MODELLED rules: {rules}", "依赖推定规则（modelled）：{rules}"),
        "borrowed": (
            "{policy} has no rule set of its own for this question: {owner}'s {ruleset} answered",
            "{policy} 没有本版本的规则集：由 {owner} 的 {ruleset} 作答",
        ),
        "standard": (
            "judged by the occupation's national standard {standard}",
            "依据本职业国家职业技能标准 {standard} 判定",
        ),
        "not_checked": (
            "not checked by {ruleset}: {what} — this answer is not a full check",
            "{ruleset} 未审查：{what}（本结论并非完整审查）",
        ),
        "list_sep": (", ", "，"),
    }
)
"""A decision's head lines."""

CRITERION = _section(
    {
        "clean_record": ("a clean record (illegal acts, dishonesty)", "违法失信记录"),
        "size": ("enterprise size and insured staff", "企业规模和参保人数"),
    }
)
"""Criteria a rule set may leave out (its pack's ``<rule set>.not_checked``): what ``decision.not_checked``
names."""

EXIT = _section(
    {
        "head": ("exit check: {status}", "退出情形检查：{status}"),
        "where": (
            "chain {chain}; on {on}; policy {policy}; rule set {ruleset}",
            "生态链 {chain}；日期 {on}；政策 {policy}；规则集 {ruleset}",
        ),
        "loses_lead": (
            "The lead unit {id} exits: the chain loses its lead. What the authority does next is not "
            "decided here.",
            "链主单位 {id} 触发退出情形：该链失去链主。主管部门如何处理不在本判断范围内。",
        ),
        "lead": ("lead {id}", "链主 {id}"),
        "member": ("member {id}", "成员 {id}"),
    }
)
"""An exit report's head lines and unit labels."""

EDITION = _section(
    {
        "head": (
            "chain-lead comparison for {subject} on {on}: {verdict}",
            "链主评估对比 {subject}（{on}）：{verdict}",
        ),
        "agree": ("the editions agree", "各版本结论一致"),
        "differ": ("the editions differ", "各版本结论不同"),
    }
)
"""A comparison of chain-lead editions."""

PROFILE = _section(
    {
        "head": (
            "{subject} on {on} ({policy}): current grade {current}, next {next}",
            "{subject} 于 {on}（{policy}）：当前等级 {current}，下一等级 {next}",
        ),
        "unknown": ("unknown", "未知"),
        "none": ("none", "无"),
        "via": (" via {rules}", "，依据 {rules}"),
        "earliest": (" (earliest {date})", " (最早 {date})"),
    }
)
"""A grade profile."""

WHATIF = _section(
    {
        "head": (
            "{question} — {on} — {rows} rows (standing for {weight})",
            "{question} — {on} — {rows} 行 (代表 {weight})",
        ),
        "policies": ("baseline: {baseline} · reform: {reform}", "现行: {baseline} · 改革: {reform}"),
        "rule_changes": ("Rules added, dropped or changed: {rules}", "新增、删除或修改的规则: {rules}"),
        "skipped": ("{n} rows skipped as invalid", "{n} 行因数据无效被跳过"),
        "interval": (
            "a weighted sample of {rows} rows: the reform moves about {net} (95% interval {low} to {high})",
            "加权样本（{rows} 行）：改革约使 {net} 人状态改善（95% 区间 {low} 至 {high}）",
        ),
        "modelled_note": (
            "⚠ rests on a MODELLED rule or parameter: {rules}",
            "⚠ 依据推定（modelled）规则或参数: {rules}",
        ),
        "subsidy": ("subsidy", "补贴"),
        "no_flips": ("No row changes status.", "没有任何一行的结论发生变化。"),
        "overflow": (
            "⚠ some amounts are past the range of a 64-bit float (about 1.8e308): shown as ∞, "
            "written as null in JSON",
            "⚠ 部分金额超出 64 位浮点数范围（约 1.8e308）：显示为 ∞，JSON 中写为 null",
        ),
        "status_title": ("status", "结论"),
        "changes_title": ("Parameter changes", "参数变化"),
        "flips_title": ("flips", "结论变化"),
        "by_rule_title": ("Flips by rule whose finding changed", "按规则归因（结论变化所涉规则）"),
        "who_title": ("Rows that flip (first {n})", "结论变化的对象（前 {n} 个）"),
        "more": ("… and {n} more", "…… 另有 {n} 个"),
        "cost_title": (
            "Certificate subsidies (yuan, ceilings; every eligible worker × take-up {take_up})",
            "职业技能等级证书补贴（元，上限；全部符合条件者 × 申领率 {take_up}）",
        ),
        "eligible_col": ("{side} eligible", "{side} 可申报"),
        "yuan_col": ("{side} ¥", "{side} ¥"),
        "sweep_head": (
            "Sweep of {parameter} — {question} — {policy} — {on} — {rows} rows (standing for {weight})",
            "参数扫描 {parameter} — {question} — {policy} — {on} — {rows} 行 (代表 {weight})",
        ),
        "current": ("{value} (current)", "{value} (现行值)"),
    }
)
"""What-if comparisons and sweeps."""

CHART = _section(
    {
        "status": ("Status", "状态"),
        "baseline": ("baseline", "基准"),
        "reform": ("reform", "改革"),
        "counts_title": ("Outcomes by status", "各状态数量"),
        "flips_title": ("Status changes by {by}", "按{by}统计的状态变化"),
        "sweep_title": ("Outcomes as {parameter} varies", "{parameter} 变化时的结果"),
        "gained": ("gained (better status)", "获益（状态改善）"),
        "lost": ("lost (worse status)", "受损（状态变差）"),
        "parameter": ("Parameter: {parameter}", "参数：{parameter}"),
        "current": ("current value: {value}", "现行值：{value}"),
        "policy": ("policy: {policy}", "政策：{policy}"),
        "no_data": ("No data", "无数据"),
        "not_stated": ("not stated", "未填写"),
        "other": ("other ({n})", "其他（{n} 项）"),
        "separator": (": ", "："),
        "count_axis": ("Number of {noun}", "{title}（{measure}）"),
        "flips_axis": ("Status changes ({noun})", "状态变化（{measure}）"),
        "change": ("Δ change (reform − baseline)", "Δ 变化（改革 − 基准）"),
    }
)
"""Words drawn on charts (every character of the Chinese ones is in the bundled font)."""

GROUP = _section(
    {
        "grade": ("Grade", "等级"),
        "target": ("Grade applied for", "申报等级"),
        "held": ("Grade held", "现有等级"),
        "region": ("Region", "地区"),
    }
)
"""A chart's group label (``by``) → its axis title."""

UNITS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        # question area: (English noun, Chinese axis title, Chinese measure word)
        "grade": ("workers", "人数", "人"),
        "dualcert": ("candidates", "人数", "人"),
        "lead": ("organisations", "单位数", "家"),
        "exits": ("chains", "链数", "条"),
        "rows": ("rows", "行数", "行"),
        "": ("subjects", "数量", "个"),
    }
)
"""What a chart counts, by question area: ``(English noun, Chinese axis title, Chinese measure word)``."""

CLI = _section(
    {
        "wrote_chart": ("wrote chart to {path}", "图表已保存至 {path}"),
    }
)
"""The command's bilingual messages (errors and diagnostics on stderr are English only)."""

DEMO = _section(
    {
        "label": ("technician wait 4 years", "二级等待期4年"),
        "pipeline": (
            "Pipeline over five years on {n} of these synthetic workers (unweighted rows):",
            "以下五年晋级梯队基于其中 {n} 名合成劳动者（不加权）：",
        ),
        "intro": (
            "skilleco demo: Guangdong (gd-2025), {n} synthetic workers (seed {seed}), on {on}.\n"
            "Reform: the wait from senior (三级) to technician (二级) shortened from 5 to 4 years "
            "({param}; the 2018 standard already asks 4, so t2018 is left as it is).",
            "skilleco 演示：广东（gd-2025），{n} 名合成劳动者（种子 {seed}），日期 {on}。\n"
            "改革：取得三级（高级工）证书后申报二级（技师）的年限由5年缩短为4年"
            "（{param}；2018版标准本为4年，故不变）。",
        ),
    }
)
"""``skilleco demo``."""

CATALOGUE: Mapping[str, Mapping[str, Pair]] = MappingProxyType(
    {
        "status": STATUS,
        "finding": FINDING,
        "provenance": PROVENANCE,
        "col": COL,
        "decision": DECISION,
        "criterion": CRITERION,
        "exit": EXIT,
        "edition": EDITION,
        "profile": PROFILE,
        "whatif": WHATIF,
        "chart": CHART,
        "group": GROUP,
        "cli": CLI,
        "demo": DEMO,
        "plan": PLAN,
        "pipeline": PIPELINE,
    }
)
"""Section → key → ``(en, zh)``: every word :func:`word` knows."""

STATUS_LABELS: Mapping[str, Mapping[Lang, str]] = MappingProxyType(
    {s: MappingProxyType({"zh": zh, "en": en}) for s, (en, zh) in STATUS.items()}
)
"""Status id → label per language (``STATUS_LABELS["review"]["zh"] == "待复核"``)."""


class UnknownWordError(UnknownNameError):
    """A renderer asked the catalogue for a word it does not hold (a bug in skilleco, not bad input)."""

    code: ClassVar[str] = "unknown_word"
    kind: ClassVar[str] = "word"


def _known() -> list[str]:
    return [f"{s}.{k}" for s, entries in CATALOGUE.items() for k in entries]


def pair(key: str) -> Pair:
    """The ``(en, zh)`` pair of ``"section.key"``.

    Raises:
        UnknownWordError: no such entry (the message names the closest key).
    """
    section, _, name = key.partition(".")
    entries = CATALOGUE.get(section)
    if entries is None or name not in entries:
        raise UnknownWordError(key, _known())
    return entries[name]


def word(key: str, lang: Lang, **fields: object) -> str:
    """The entry ``"section.key"`` in ``lang``, with its ``{fields}`` filled in.

    Raises:
        UnknownWordError: no such entry (the message names the closest key).
    """
    en, zh = pair(key)
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def label(section: str, value: str, lang: Lang) -> str:
    """A value of a closed vocabulary (a status, a provenance) in ``lang``; an unknown one as it arrived."""
    found = CATALOGUE[section].get(value)
    return value if found is None else found[1 if lang == "zh" else 0]


def status_label(status: str, lang: Lang) -> str:
    """A status in ``lang`` (``review`` → ``待复核``); an unknown status as it arrived."""
    return label("status", status, lang)


def grade_name(value: str, lang: Lang) -> str:
    """A grade id as shown (``technician`` → ``技师`` / ``technician``); anything else as it arrived."""
    try:
        g = grade(value)
    except UnknownGradeError:
        return value
    return g.label_zh if lang == "zh" else g.label_en


def list_sep(lang: Lang) -> str:
    """The separator between items of a list in a sentence: ``", "`` or ``"，"``."""
    return word("decision.list_sep", lang)
