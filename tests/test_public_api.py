"""The public surface: explicit, sorted, typed, and free of global state."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import skilleco


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted (isort style: constants, classes, then the rest) and names exactly the public names."""

    def isort_key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert list(skilleco.__all__) == sorted(skilleco.__all__, key=isort_key)
    public = {n for n in vars(skilleco) if not n.startswith("_")}
    # Submodules and the `from __future__ import annotations` feature are not exports.
    modules = {n for n in public if type(getattr(skilleco, n)).__name__ in ("module", "_Feature")}
    assert set(skilleco.__all__) - {"__version__"} == public - modules


def test_py_typed_ships() -> None:
    """The package is marked as typed."""
    from importlib import resources

    assert resources.files("skilleco").joinpath("py.typed").is_file()


def test_import_does_not_pull_test_tools() -> None:
    """Importing skilleco imports neither hypothesis nor pytest (test tools are not runtime dependencies)."""
    code = (
        "import sys, skilleco; print(any(m.split('.')[0] in ('hypothesis', 'pytest') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_modules_document_themselves() -> None:
    """Every public module has a docstring, and every public name in it has one too."""
    for name in ("models", "policy", "rules", "decisions", "exceptions", "ladder", "facts"):
        mod = importlib.import_module(f"skilleco.{name}")
        assert mod.__doc__, name
        for attr in getattr(mod, "__all__", ()):
            obj = getattr(mod, attr)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                assert obj.__doc__, f"{name}.{attr}"


def test_ladder_names_both_ways() -> None:
    """Grade ids, Chinese labels, 五级…一级 and certificate levels 5…1 all resolve; levels count downwards."""
    assert skilleco.grade("五级").id == "junior"
    assert skilleco.grade(1).id == "senior_technician"
    assert skilleco.grade("首席技师").rank == 8
    assert [g.certificate_level for g in skilleco.GRADES] == [None, 5, 4, 3, 2, 1, None, None]
    assert [g.kind for g in skilleco.GRADES].count("post") == 3
