"""The example notebook runs, top to bottom, in a real Jupyter kernel and shows tables and charts.

The committed notebook carries its outputs (the docs site shows them as they are: mkdocs-jupyter
with ``execute: false``), and they are those of a fresh run. After a change that moves them, run

    pytest tests/test_notebook.py --update-docs

which writes the executed notebook back (no timings, no kernel ids: its metadata stays as it was).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbclient = pytest.importorskip("nbclient", reason="the notebook extra (nbclient, ipykernel) is not installed")
nbformat = pytest.importorskip("nbformat")

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebooks" / "what-if.ipynb"

Cell = dict[str, Any]


def _outputs(cell: Cell) -> list[dict[str, Any]]:
    outputs = cell.get("outputs", [])
    assert isinstance(outputs, list)
    return outputs


def _source(cell: Cell) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _mime(cell: Cell) -> set[str]:
    kinds: set[str] = set()
    for out in _outputs(cell):
        data = out.get("data", {})
        assert isinstance(data, dict)
        kinds |= set(data)
    return kinds


def _code_cells(nb: Any) -> list[Cell]:
    cells: list[Cell] = json.loads(nbformat.writes(nb))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def _shown(cell: Cell) -> list[tuple[str, ...]]:
    """What a cell shows, in text: each output's kind, its mime types, and its text (images by kind only:
    their bytes follow the matplotlib version)."""
    shown: list[tuple[str, ...]] = []
    for out in _outputs(cell):
        kind = str(out["output_type"])
        if kind == "stream":
            shown.append((kind, str(out["name"]), _text(out["text"])))
            continue
        data = out.get("data", {})
        texts = tuple(_text(data[m]) for m in ("text/plain", "text/html") if m in data)
        shown.append((kind, *sorted(data), *texts))
    return shown


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> list[Cell]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    original = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    workdir = tmp_path_factory.mktemp("notebook")
    # The kernel is this interpreter (ipykernel's native "python3" spec), in a scratch directory.
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,  # no timestamps in the cells' metadata
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    if request.config.getoption("--update-docs"):
        nb.metadata = original.metadata  # not the kernel's language_info (its Python version)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        if nbformat.writes(nb) != nbformat.writes(original):
            nbformat.write(nb, NOTEBOOK)
    return _code_cells(nb)


def test_every_cell_runs_without_errors(executed: list[Cell]) -> None:
    for cell in executed:
        errors = [o for o in _outputs(cell) if o.get("output_type") == "error"]
        assert not errors, (_source(cell), errors)
    assert sys.executable  # the kernel ran under the test interpreter's environment


def test_objects_display_as_html_without_print(executed: list[Cell]) -> None:
    by_source = {_source(c).splitlines()[-1]: c for c in executed}
    for last_line in ("people", "gd", "c", "s"):
        assert "text/html" in _mime(by_source[last_line]), last_line
    decision = executed[-1]
    html = _text(_outputs(decision)[0]["data"]["text/html"])
    assert "grade.t2023.technician.after_senior" in html  # the rule that moved the worker


def test_charts_display_as_images(executed: list[Cell]) -> None:
    charts = [c for c in executed if ".plot(" in _source(c)]
    assert len(charts) == 3
    for cell in charts:
        assert "image/png" in _mime(cell), _source(cell)


def test_committed_notebook_shows_tables_and_charts(executed: list[Cell]) -> None:
    """The notebook in the repository carries outputs — tables and charts — so the docs page shows them."""
    shown = _code_cells(nbformat.read(NOTEBOOK, as_version=4))
    assert all(_outputs(c) for c in shown), [_source(c) for c in shown if not _outputs(c)]
    tables = [
        c
        for c in shown
        if any("<table" in _text(o.get("data", {}).get("text/html", "")) for o in _outputs(c))
    ]
    assert len(tables) >= 4, "the population, the policy, the comparison and the frames show as tables"
    pictures = [c for c in shown if "image/png" in _mime(c)]
    assert len(pictures) == 3
    for cell in pictures:
        png = next(o["data"]["image/png"] for o in _outputs(cell) if "image/png" in o.get("data", {}))
        assert len(_text(png)) > 10_000  # base64 of a real chart
    assert [c["execution_count"] for c in shown] == list(range(1, len(shown) + 1))
    assert all("execution" not in c.get("metadata", {}) for c in shown)  # no timings


def test_committed_outputs_are_those_of_a_fresh_run(executed: list[Cell]) -> None:
    """What the committed notebook shows is what it shows when run now (text and HTML; pictures by kind)."""
    shown = _code_cells(nbformat.read(NOTEBOOK, as_version=4))
    assert [_source(c) for c in shown] == [_source(c) for c in executed]
    for old, new in zip(shown, executed, strict=True):
        assert _shown(old) == _shown(new), (
            f"{_source(old)!r} shows another output: run pytest tests/test_notebook.py --update-docs"
        )
