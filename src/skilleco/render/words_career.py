"""The words of career plans and pipelines (issue 17): the ``plan`` and ``pipeline`` sections of
the one catalogue (:mod:`skilleco.render.words`), kept in their own file for size."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["PIPELINE", "PLAN"]

PLAN: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "head": ("Career plan for {who} on {on} ({policy})", "{who} 的技能等级晋升计划（{on}，{policy}）"),
        "holds": ("holds: {grade}; target: {target}", "现持：{grade}；目标：{target}"),
        "none": ("no certificate", "无证书"),
        "assume": (
            "Assumes: keeps working as now; sits each level's assessment as soon as eligible; "
            "certificate {lead} months later (modelled: the policy texts give no lead time).",
            "假设：保持现有工作；一旦符合条件即参加下一级评价；取证在 {lead} 个月后"
            "（模型假设：政策文本未规定评价周期）。",
        ),
        "path": ("Fastest path:", "最快路径："),
        "step": ("{grade} from {on}", "{on} 起可申报{grade}"),
        "cert": (" (certificate {on})", "（{on} 取证）"),
        "stops": (
            "The path does not reach {target}: time and the certificates below are not enough for {grade}.",
            "路径无法到达{target}：仅靠时间和下级证书不足以达到{grade}。",
        ),
        "grade": ("{grade}: {status} now; earliest {when}", "{grade}：当前{status}；最早 {when}"),
        "never": ("not by time alone", "仅靠时间无法达到"),
        "settles": ("Would settle the plan: {facts}", "补充以下事实可确定计划：{facts}"),
        "work": ("{months} more months of work ({fact})", "还需工作 {months} 个月（{fact}）"),
        "certificate": ("a certificate ({fact})", "证书（{fact}）"),
        "title": ("a professional title ({fact})", "职称（{fact}）"),
        "school": ("a school or degree record ({fact})", "学历或院校记录（{fact}）"),
        "other": ("{fact}", "{fact}"),
        "unknown": ("not stated: {fact}", "未说明：{fact}"),
        "holdsnow": ("holds", "已满足"),
        "from": ("[holds from {on}]", "【{on} 起满足】"),
    }
)
"""``skilleco.plan`` and ``skilleco plan``."""

PIPELINE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "head": (
            "Pipeline under {policy} on {on}: {workers} ({weight} weighted)",
            "{policy} 下的晋级梯队（{on}）：{workers}（加权 {weight}）",
        ),
        "one_worker": ("{n} worker", "{n} 名职工"),
        "workers": ("{n} workers", "{n} 名职工"),
        "route_delta": (
            "Routes of the first eligibility within {h} months, baseline and reform",
            "{h} 个月内首次符合条件所依据的路径（基线与改革）",
        ),
        "vs": (
            "Pipeline on {on}: {a} vs {b}, {workers} ({weight} weighted)",
            "晋级梯队（{on}）：{a} 对比 {b}，{workers}（加权 {weight}）",
        ),
        "assume": (
            "Looks every {step} months for {years} years; keeps working as now; certificate {lead} months "
            "after first eligible (modelled: the policy texts give no projection).",
            "每 {step} 个月查看一次，共 {years} 年；保持现有工作；首次符合条件后 {lead} 个月取证"
            "（模型假设：政策文本未规定）。",
        ),
        "skipped": ("{n} rows skipped as invalid", "{n} 行无效已跳过"),
        "change": ("{name}: {a} → {b}", "{name}：{a} → {b}"),
        "first": (
            "First eligible within … months (weighted workers)",
            "… 个月内首次符合申报条件（加权人数）",
        ),
        "routes": ("Routes of the first eligibility within {h} months", "{h} 个月内首次符合条件所依据的路径"),
        "delta": ("Reform − baseline within … months", "改革减基线（… 个月内）"),
        "moved": ("Workers eligible sooner or later under the reform", "改革下提前或推迟符合条件的职工"),
        "grade": ("grade", "等级"),
        "below": ("below it", "未达该级"),
        "route": ("route", "路径"),
        "policy": ("policy", "政策"),
        "sooner": ("sooner (rows)", "提前（行）"),
        "sooner_w": ("sooner", "提前"),
        "later": ("later (rows)", "推迟（行）"),
        "later_w": ("later", "推迟"),
        "mo": ("{h} mo", "{h} 个月"),
        "now": ("now", "当前"),
        "none": ("No worker is below a certificate grade.", "没有职工低于任何证书等级。"),
        "chart_title": ("Workers first eligible for each grade · {on}", "各等级累计可申报人数 · {on}"),
        "chart_months": ("Months after {on}", "距 {on} 的月数"),
        "chart_line": ("{role}: {policy}", "{role}：{policy}"),
    }
)
"""``skilleco.pipeline``, ``compare_pipeline``, ``whatif --question pipeline`` and its chart."""
