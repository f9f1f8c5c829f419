"""A user's own policy packs, read from a file or a directory.

A user pack is a TOML file shaped like the shipped ones, named after its id (``acme-2026.toml``
holds ``id = "acme-2026"``). Its ``parent`` is a shipped policy or another user pack in the same
directory, found by file name. Files are parsed with :mod:`tomllib` and checked like the shipped
packs; nothing in them is executed. Only regular ``*.toml`` files are read (no recursion into
subdirectories, no hidden files, no symlink leading out of the directory).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..exceptions import PolicyFileError, UnknownPolicyError, _short
from ..models.limits import MAX_DIRECTORY_FILES, MAX_OCCUPATIONS
from .build import build_policy
from .loader import Pack, as_path, read_file_bytes, read_pack_bytes
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
        PolicyFileError: a file is unreadable (missing, a symlink loop, a path the system refuses),
            too large or complex, not TOML, or malformed; its parent is unknown or closes a cycle.
            ``.file`` names the file, ``.key`` the key path, ``.reason`` the kind of problem (see
            ``docs/reference/errors.md``). An argument of the wrong kind is one too (file
            ``<arguments>``, key ``path`` or ``policy_id``, reason ``bad_type``).
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
    target = as_path(path)
    if policy_id is not None and not isinstance(policy_id, str):
        problem = f"expected a policy id or None, got {_short(policy_id)}"
        raise PolicyFileError("<arguments>", "policy_id", problem, reason="bad_type")
    kind = _probe(target)
    if kind == "directory":
        return _Directory(target).load(policy_id)
    if kind in ("loop", "too_long", "nul", "error"):
        raise _unreadable(target, kind)
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
        found = []
        for p in names:
            kind = _probe(p)
            if kind == "missing":  # a symlink to nothing (or a file removed meanwhile)
                continue
            if kind not in ("file", "directory"):  # a subdirectory named *.toml is not a pack
                raise _unreadable(p, kind)
            if not _inside(p, self.path):
                raise _outside(p)
            if kind == "file":
                found.append(p)
        return found

    def read(self, policy_id: str) -> Pack:
        """The pack ``policy_id`` from this directory (:class:`UnknownPolicyError` when absent)."""
        if policy_id not in self.packs:
            path = self.path / f"{policy_id}.toml"  # ids have no "/" and no "..": the loader checks
            kind = _probe(path)
            if kind in ("missing", "too_long"):  # no file can have a name the system refuses
                try:
                    here = [p.name.removesuffix(".toml") for p in self.path.glob("*.toml")]
                except OSError:  # pragma: no cover  # the directory vanished meanwhile
                    here = []
                known = [name for name in (*list_policies(), *here) if name != policy_id]
                raise UnknownPolicyError(policy_id, known)
            if kind != "file":
                raise _unreadable(path, kind)
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
        done: dict[str, Policy] = {}  # every pack built once, its ancestors before it (finding L11)
        for pid in list(self.packs):  # build every pack, so every file's errors surface
            build_policy(pid, self.read, built=shipped_parent, memo=done)
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
        if _probe(folder) != "directory" or not _inside(folder, self.path):
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
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        return False


_PROBLEMS = {
    "loop": "a symlink loop",
    "too_long": "a name too long for the file system",
    "nul": "a NUL character in the path",
    "directory": "a directory, not a pack file",
    "other": "not a regular file or a directory",
    "error": "cannot be read",
}


def _probe(path: Path) -> str:
    """What ``path`` is, symlinks followed: ``file``, ``directory``, ``missing``, ``loop``,
    ``too_long`` (a name the system refuses), ``nul``, ``other`` (a device, a pipe...) or ``error``
    (any other refusal, such as no permission). Never raises."""
    try:
        mode = os.stat(path).st_mode
    except ValueError:  # an embedded NUL
        return "nul"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "loop"
        if exc.errno == errno.ENAMETOOLONG:
            return "too_long"
        return "missing" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else "error"
    return "file" if stat.S_ISREG(mode) else "directory" if stat.S_ISDIR(mode) else "other"


def _unreadable(path: Path, kind: str) -> PolicyFileError:
    return PolicyFileError(str(path), "<file>", _PROBLEMS[kind], reason="unreadable")


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
