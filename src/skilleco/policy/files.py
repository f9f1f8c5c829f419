"""A user's own policy packs, read from a file or a directory.

A user pack is a TOML file shaped like the shipped ones, named after its id (``acme-2026.toml``
holds ``id = "acme-2026"``). Its ``parent`` is a shipped policy or another user pack in the same
directory, found by file name. Files are parsed with :mod:`tomllib` and checked like the shipped
packs; nothing in them is executed. Only regular ``*.toml`` files are read (no recursion into
subdirectories, no hidden files, no symlink leading out of the directory).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..exceptions import PolicyFileError, UnknownPolicyError
from ..models.limits import MAX_DIRECTORY_FILES, MAX_OCCUPATIONS
from .build import build_policy
from .loader import Pack, read_file_bytes, read_pack_bytes
from .policy import Policy
from .registry import list_policies, shipped_parent
from .standards import load_standard_file, with_standards

STANDARDS_FOLDER = "standards"
"""The folder of a policy directory whose ``*.toml`` files are occupational standards."""

__all__ = ["load_policy_file"]


def load_policy_file(path: str | os.PathLike[str], *, policy_id: str | None = None) -> Policy:
    """A policy from the user's own pack file, or from a directory of pack files.

    A file ``<id>.toml`` gives the policy it declares; a parent that is not shipped is read from
    ``<parent>.toml`` in the same directory. A directory is read whole: every ``*.toml`` in it is
    read and checked (so one broken file is reported even if the policy asked for does not need
    it), and the policy returned is ``policy_id`` or, without one, the only pack no other pack in
    the directory names as its parent.

    The result is a :class:`~skilleco.policy.Policy` like a shipped one: pass it as ``policy=`` to
    ``assess_grade``, ``check_exits``, ``compare``...; its :meth:`~skilleco.policy.Policy.diagnostics`
    list what is suspicious but not wrong. A directory's ``standards/`` folder may hold occupational
    standard files (see :func:`~skilleco.policy.standards.load_standard_file`): the policy returned
    judges each of those occupations by its standard.

    Args:
        path: a ``.toml`` file or a directory.
        policy_id: for a directory, which of its policies to return.

    Raises:
        PolicyFileError: a file is unreadable, too large, not TOML, or malformed; its parent is
            unknown or closes a cycle. ``.file`` names the file, ``.key`` the key path, ``.reason``
            the kind of problem (see ``docs/reference/errors.md``).
        UnknownPolicyError: ``policy_id`` is not a policy of the file or directory.

    Example:
        >>> import skilleco, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "my-gd.toml").write_text('''
        ... [policy]
        ... id = "my-gd"
        ... parent = "gd-2025"
        ... jurisdiction = "gd"
        ... title_zh = "我的广东"
        ... title_en = "My Guangdong"
        ... ''', encoding="utf-8")
        >>> skilleco.load_policy_file(folder / "my-gd.toml").ancestors
        ('gd-2025', 'cn-2025')
    """
    target = Path(path)
    if target.is_dir():
        return _Directory(target).load(policy_id)
    pack = _read(target, str(target))
    if policy_id is not None and policy_id != pack.id:
        raise UnknownPolicyError(policy_id, [pack.id])
    folder = _Directory(target.parent, {pack.id: pack})
    return build_policy(pack.id, folder.read, built=shipped_parent)


class _Directory:
    """The packs of one directory, read by id (``<id>.toml``) as they are asked for."""

    def __init__(
        self, path: Path, packs: dict[str, Pack] | None = None, limit: int = MAX_DIRECTORY_FILES
    ) -> None:
        self.path = path
        self.packs: dict[str, Pack] = dict(packs or {})
        self.limit = limit

    def fail(self, problem: str) -> PolicyFileError:
        return PolicyFileError(str(self.path), "<directory>", problem, reason="unreadable")

    def files(self) -> list[Path]:
        """The ``*.toml`` files of the directory that may be read, in name order."""
        try:
            names = sorted(
                p for p in self.path.iterdir() if p.name.endswith(".toml") and not p.name.startswith(".")
            )
        except OSError as exc:
            raise self.fail(f"cannot list the directory: {exc.strerror or exc}") from None
        if len(names) > self.limit:
            raise PolicyFileError(
                str(self.path),
                "<directory>",
                f"more than {self.limit} *.toml files ({len(names)})",
                reason="too_large",
            )
        for p in names:
            if not _inside(p, self.path):
                raise _outside(p)
        return [p for p in names if p.is_file()]  # a subdirectory named *.toml is not a pack

    def read(self, policy_id: str) -> Pack:
        """The pack ``policy_id`` from this directory (:class:`UnknownPolicyError` when absent)."""
        if policy_id not in self.packs:
            path = self.path / f"{policy_id}.toml"  # ids have no "/" and no "..": the loader checks
            if not path.is_file():
                try:
                    here = [p.name.removesuffix(".toml") for p in self.path.glob("*.toml")]
                except OSError:  # pragma: no cover  # the directory vanished meanwhile
                    here = []
                raise UnknownPolicyError(policy_id, [*list_policies(), *here])
            if not _inside(path, self.path):
                raise _outside(path)
            self.packs[policy_id] = _read(path, str(path))
        return self.packs[policy_id]

    def load(self, policy_id: str | None) -> Policy:
        files = self.files()
        if not files:
            raise self.fail("no *.toml policy files in the directory")
        for path in files:
            self.read(path.name.removesuffix(".toml"))
        done: dict[str, Policy] = {}

        def built(pid: str) -> Policy | None:
            return done.get(pid) or shipped_parent(pid)

        for pid in list(self.packs):  # build every pack, so every file's errors surface
            done[pid] = build_policy(pid, self.read, built=built)
        if policy_id is not None:
            if policy_id not in done:
                raise UnknownPolicyError(policy_id, done)
            return self.with_standards(done[policy_id])
        parents = {p.parent for p in self.packs.values()}
        leaves = sorted(pid for pid in done if pid not in parents)
        if len(leaves) != 1:
            raise PolicyFileError(
                str(self.path),
                "<directory>",
                f"holds several policies no other extends ({', '.join(leaves)}): pass policy_id=",
                reason="ambiguous",
            )
        return self.with_standards(done[leaves[0]])

    def with_standards(self, policy: Policy) -> Policy:
        """``policy`` with the standard files of the directory's ``standards/`` folder, if any."""
        folder = self.path / STANDARDS_FOLDER
        if not folder.is_dir() or not _inside(folder, self.path):
            return policy
        found = _Directory(folder, limit=MAX_OCCUPATIONS).files()  # a standard per occupation
        return with_standards(policy, [load_standard_file(p) for p in found]) if found else policy


def _outside(path: Path) -> PolicyFileError:
    return PolicyFileError(
        str(path), "<file>", "a symlink leading outside the directory", reason="unreadable"
    )


def _inside(path: Path, directory: Path) -> bool:
    """Whether ``path``, symlinks followed, stays inside ``directory``."""
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except OSError:
        return False


def _read(path: Path, source: str) -> Pack:
    """One user pack file: a regular ``.toml`` file within the size limit, named after its id."""
    if not path.name.endswith(".toml"):
        raise PolicyFileError(source, "<file>", "expected a .toml file or a directory", reason="unreadable")
    raw = read_file_bytes(path, source)
    pack = read_pack_bytes(source, raw)
    stem = path.name.removesuffix(".toml")
    if pack.id != stem:
        raise PolicyFileError(
            source, "policy.id", f"expected {stem!r} (the file name), got {pack.id!r}", reason="id_mismatch"
        )
    if pack.id in list_policies():
        raise PolicyFileError(
            source,
            "policy.id",
            f"{pack.id!r} is a shipped policy: give your pack its own id (and parent = {pack.id!r})",
            reason="duplicate_policy",
        )
    return pack
