"""examples/python_api.ipynb runs from top to bottom, offline, in a folder of its own."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "python_api.ipynb"


def test_the_notebook_runs_and_shows_the_api(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "outputs committed"
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    text = "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "<Results full_transposition / pilot / seed 1, 36 months" in text
    assert "scenario.volunteering.takeup.value = 1.5: expected share in [0, 1]" in text
    assert "<ExperimentResults 'notebook' (in memory): 4 done, 0 failed" in text
    assert "net_public_cost_eur" in text and "tzcld scenario=full_transposition territory=pilot seed=1" in text
