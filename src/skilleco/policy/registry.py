"""The shipped policies: the packs in ``skilleco/policy/packs``, listed, read and built once each.

The registry is read-only data: :func:`list_policies` lists the pack files, :func:`load_policy` builds
one by id (its parents first) and keeps it, so every call for an id returns the same object.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from ..exceptions import PolicyFileError, UnknownPolicyError, _short
from .build import build_policy
from .loader import Pack, read_pack_bytes
from .policy import Policy

__all__ = ["list_policies", "load_policy", "shipped_parent"]

_PACKAGE = "skilleco.policy.packs"


def _pack_files() -> dict[str, Any]:
    return {
        f.name.removesuffix(".toml"): f
        for f in resources.files(_PACKAGE).iterdir()
        if f.name.endswith(".toml")
    }


def list_policies() -> tuple[str, ...]:
    """The ids of the shipped policies, sorted."""
    return tuple(sorted(_pack_files()))


@functools.lru_cache(maxsize=64)
def _read_builtin(policy_id: str) -> Pack:
    files = _pack_files()
    if policy_id not in files:
        raise UnknownPolicyError(policy_id, files)
    f = files[policy_id]
    name = f"skilleco/policy/packs/{f.name}"
    pack = read_pack_bytes(name, f.read_bytes())
    if pack.id != policy_id:
        raise PolicyFileError(
            name,
            "policy.id",
            f"expected {policy_id!r} (the file name), got {pack.id!r}",
            reason="id_mismatch",
        )
    return pack


@functools.lru_cache(maxsize=64)
def _load_builtin(policy_id: str) -> Policy:
    policy = build_policy(policy_id, _read_builtin, built=shipped_parent)
    policy._mark_shipped(load_policy)  # so a pickle of it reloads this cached copy by id
    return policy


def shipped_parent(policy_id: str) -> Policy | None:
    """The built shipped policy with this id, or ``None`` if none is shipped (a ``built=`` for
    :func:`~skilleco.policy.build.build_policy`, so shipped parents come from the cache)."""
    return _load_builtin(policy_id) if policy_id in _pack_files() else None


def load_policy(policy: str | Policy) -> Policy:
    """The shipped policy with this id (a :class:`Policy` passes through unchanged).

    Raises:
        UnknownPolicyError: no such policy (with a did-you-mean suggestion).
        PolicyFileError: the shipped pack is malformed.
    """
    if isinstance(policy, Policy):
        return policy
    if not isinstance(policy, str):
        raise UnknownPolicyError(_short(policy), list_policies())
    return _load_builtin(policy)
