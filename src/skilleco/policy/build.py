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

__all__ = ["build_policy", "policy_from_pack"]


def build_policy(
    policy_id: str,
    read: Callable[[str], Pack],
    _chain: tuple[str, ...] = (),
    *,
    built: Callable[[str], Policy | None] | None = None,
) -> Policy:
    """Resolve inheritance for ``policy_id`` using ``read(id) -> Pack``.

    Args:
        policy_id: the policy to build.
        read: reads one pack by id, raising :class:`UnknownPolicyError` for an id it does not know.
        built: an already built policy by id, or ``None`` (so shipped parents come from the cache).

    Raises:
        UnknownPolicyError: ``policy_id`` itself is unknown.
        PolicyFileError: a pack is malformed, or its parent is unknown or closes a cycle.
    """
    pack = read(policy_id)
    if pack.parent is None:
        return policy_from_pack(pack, None)
    chain = (*_chain, policy_id)
    if pack.parent in chain:
        cycle = " -> ".join((*chain[chain.index(pack.parent) :], pack.parent))
        raise PolicyFileError(pack.source, "policy.parent", f"inheritance cycle {cycle}", reason="cycle")
    parent = built(pack.parent) if built is not None else None
    if parent is None:
        try:
            parent = build_policy(pack.parent, read, chain, built=built)
        except UnknownPolicyError as exc:
            if exc.name != pack.parent:
                raise
            hint = f"; did you mean {exc.suggestion!r}?" if exc.suggestion else ""
            raise PolicyFileError(
                pack.source,
                "policy.parent",
                f"unknown parent policy {pack.parent!r}{hint}",
                reason="unknown_parent",
                suggestion=exc.suggestion,
            ) from None
    return policy_from_pack(pack, parent)


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
    )
