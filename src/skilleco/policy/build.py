"""Building a policy from packs: inheritance resolved parent first, each pack checked against its parent.

:func:`build_policy` follows a pack's ``parent`` (refusing cycles and unknown parents) and
:func:`policy_from_pack` lays one pack over its built parent. Shipped packs come through
:mod:`skilleco.policy.registry`, a user's own through :mod:`skilleco.policy.files`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..exceptions import PolicyFileError, UnknownPolicyError
from ..models.limits import MAX_INHERITANCE_DEPTH
from .loader import Pack
from .pack_check import check_pack
from .policy import SCHEMAS, Policy, assemble
from .ranges import check_in_range
from .reader import key_of

__all__ = ["build_policy", "policy_from_pack"]


def build_policy(
    policy_id: str,
    read: Callable[[str], Pack],
    _chain: tuple[str, ...] = (),
    *,
    built: Callable[[str], Policy | None] | None = None,
    memo: dict[str, Policy] | None = None,
) -> Policy:
    """Resolve inheritance for ``policy_id`` using ``read(id) -> Pack``.

    Args:
        policy_id: the policy to build.
        read: reads one pack by id, raising :class:`UnknownPolicyError` for an id it does not know.
        built: an already built policy by id, or ``None`` (so shipped parents come from the cache).
        memo: policies built so far, by id: read first, and given every policy built here (the
            ancestors too), so that building many packs of one directory builds each once.

    Raises:
        UnknownPolicyError: ``policy_id`` itself is unknown.
        PolicyFileError: a pack is malformed, or its parent is unknown or closes a cycle.
    """
    if memo is not None and policy_id in memo:
        return memo[policy_id]
    pack = read(policy_id)
    if pack.parent is None:
        return _keep(memo, policy_id, policy_from_pack(pack, None))
    chain = (*_chain, policy_id)
    if pack.parent in chain:
        cycle = " -> ".join((*chain[chain.index(pack.parent) :], pack.parent))
        raise PolicyFileError(pack.source, "policy.parent", f"inheritance cycle {cycle}", reason="cycle")
    parent = built(pack.parent) if built is not None else None
    if parent is None and memo is not None:
        parent = memo.get(pack.parent)
    if parent is None:
        try:
            parent = build_policy(pack.parent, read, chain, built=built, memo=memo)
        except UnknownPolicyError as exc:
            if exc.name != pack.parent:
                raise
            # Never the name itself: a file of that name that cannot be read says so instead.
            suggestion = exc.suggestion if exc.suggestion != pack.parent else None
            hint = f"; did you mean {suggestion!r}?" if suggestion else ""
            raise PolicyFileError(
                pack.source,
                "policy.parent",
                f"unknown parent policy {pack.parent!r}{hint}",
                reason="unknown_parent",
                suggestion=suggestion,
            ) from None
    return _keep(memo, policy_id, policy_from_pack(pack, parent))


def _keep(memo: dict[str, Policy] | None, policy_id: str, policy: Policy) -> Policy:
    if memo is not None:
        memo[policy_id] = policy
    return policy


def policy_from_pack(pack: Pack, parent: Policy | None) -> Policy:
    """The policy a pack defines on top of its (built) parent, after checking the pack against it."""
    ancestors = () if parent is None else (parent.id, *parent.ancestors)
    if len(ancestors) > MAX_INHERITANCE_DEPTH:
        raise PolicyFileError(
            pack.source,
            "policy.parent",
            f"more than {MAX_INHERITANCE_DEPTH} ancestors ({' -> '.join(ancestors)})",
            reason="too_large",
        )
    check_pack(pack, parent, SCHEMAS)
    params = dict(parent.parameters) if parent else {}
    rules = dict(parent.rules) if parent else {}
    for rid in pack.drop_rules:
        del rules[rid]
    params.update(pack.parameters)
    rules.update({r.id: r for r in pack.rules})
    ranges = {**(parent.ranges if parent else {}), **pack.ranges}
    for name, p in pack.parameters.items():  # a redefined parameter keeps an inherited range
        at = key_of("parameters", name)
        for i, (_, value) in enumerate(p.timeline.entries if name not in pack.ranges else ()):
            check_in_range(ranges, name, value, pack.source, f"{at}.values[{i}].value")
    for i, occ in enumerate(pack.occupations):
        for name, value in occ.parameters.items():
            check_in_range(ranges, name, value, pack.source, key_of(f"occupations[{i}]", "parameters", name))
    meta = pack.meta
    return assemble(
        None,
        params=params,
        rules=rules,
        label=None,
        source=pack.source,
        id=pack.id,
        title_zh=meta["title_zh"],
        title_en=meta["title_en"],
        jurisdiction=meta["jurisdiction"],
        parent=pack.parent,
        rulesets={**(parent.rulesets if parent else {}), **pack.rulesets},
        occupations={**(parent.occupations if parent else {}), **{o.code: o for o in pack.occupations}},
        sources=(*(parent.sources if parent else ()), pack.source),
        ancestors=ancestors,
        read_by={**(parent.read_by if parent else {}), **pack.read_by},
        ranges=ranges,
    )
