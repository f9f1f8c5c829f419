"""The example notebook runs, top to bottom, in a real Jupyter kernel and shows tables and charts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient", reason="the notebook extra (nbclient, ipykernel) is not installed")
nbformat = pytest.importorskip("nbformat")

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebooks" / "what-if.ipynb"


def _outputs(cell: dict[str, object]) -> list[dict[str, object]]:
    outputs = cell.get("outputs", [])
    assert isinstance(outputs, list)
    return outputs


def _source(cell: dict[str, object]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def _mime(cell: dict[str, object]) -> set[str]:
    kinds: set[str] = set()
    for out in _outputs(cell):
        data = out.get("data", {})
        assert isinstance(data, dict)
        kinds |= set(data)
    return kinds


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("notebook")
    # The kernel is this interpreter (ipykernel's native "python3" spec), in a scratch directory.
    env_dir = str(workdir)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": env_dir}}
    )
    client.execute()
    cells = json.loads(nbformat.writes(nb))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def test_every_cell_runs_without_errors(executed: list[dict[str, object]]) -> None:
    for cell in executed:
        errors = [o for o in _outputs(cell) if o.get("output_type") == "error"]
        assert not errors, (_source(cell), errors)
    assert sys.executable  # the kernel ran under the test interpreter's environment


def test_objects_display_as_html_without_print(executed: list[dict[str, object]]) -> None:
    by_source = {_source(c).splitlines()[-1]: c for c in executed}
    for last_line in ("people", "gd", "c", "s"):
        assert "text/html" in _mime(by_source[last_line]), last_line
    decision = executed[-1]
    html = "".join(_outputs(decision)[0]["data"]["text/html"])  # type: ignore[index]
    assert "grade.t2023.technician.after_senior" in html  # the rule that moved the worker


def test_charts_display_as_images(executed: list[dict[str, object]]) -> None:
    charts = [c for c in executed if ".plot(" in _source(c)]
    assert len(charts) == 3
    for cell in charts:
        assert "image/png" in _mime(cell), _source(cell)
