"""tzcld-report and the page it writes: location, overwrite refusal, bad input, self-containment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from sim.dashboard import labels as L
from sim.dashboard import load_results, render_dashboard
from sim.dashboard.cli import main


def test_main_job_writes_its_dashboard_and_job_record(main_job_dir: Path) -> None:
    assert not (main_job_dir / "report.html").exists()  # one page per job: the dashboard
    page = (main_job_dir / "dashboard.html").read_text(encoding="utf-8")
    assert '<html lang="fr" data-lang="fr">' in page
    assert "tzcld-main --seeds 2 --horizon 30" in page
    # French elision and colon spacing in the subtitle
    assert "Résultats d'un ensemble de simulations : " in page and "Results of a set of runs: " in page
    assert (main_job_dir / "job.json").is_file()


def test_default_output_is_dashboard_html_in_the_results_dir(main_job_dir: Path, copy_dir, capsys) -> None:
    folder = copy_dir(main_job_dir)
    (folder / "dashboard.html").unlink()
    assert main([str(folder), "--lang", "en"]) == 0
    page = (folder / "dashboard.html").read_text(encoding="utf-8")
    assert '<html lang="en" data-lang="en">' in page
    assert "4 runs" in capsys.readouterr().out
    assert not list(folder.glob(".dashboard.html.*"))  # no temporary file left behind


def test_refuses_to_overwrite_unless_forced(main_job_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "page.html"
    out.write_text("keep me")
    assert main([str(main_job_dir), "--out", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main([str(main_job_dir), "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["missing", "empty"])
def test_bad_results_dir_exits_2_with_a_clear_message(tmp_path: Path, name: str, capsys) -> None:
    target = tmp_path / name
    if name == "empty":
        target.mkdir()
    assert main([str(target), "--out", str(tmp_path / "x.html")]) == 2
    error = capsys.readouterr().err
    expected = (
        f"tzcld-report: {target} does not exist" if name == "missing" else "tzcld-report: cannot read the results:"
    )
    assert error.startswith(expected) and str(target) in error
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_results_folder_that_is_not_one_is_named_itself(tmp_path: Path, kind: str, capsys) -> None:
    # without --out the page would go into the results folder: the message names that folder,
    # not the folder of --out
    target = tmp_path / "results" / "run"
    if kind == "file":
        target.parent.mkdir()
        target.write_text("not a folder")
    assert main([str(target)]) == 2
    error = capsys.readouterr().err
    what = "does not exist" if kind == "missing" else "is not a folder"
    assert error.startswith(f"tzcld-report: {target} {what}: give a run, multirun, main-job or experiment")
    assert "--out" not in error


def test_an_out_file_that_cannot_be_written_is_named(main_job_dir: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder is expected")
    assert main([str(main_job_dir), "--out", str(blocker / "page.html")]) == 2
    error = capsys.readouterr().err
    assert str(blocker) in error and "Traceback" not in error


def test_bad_language_exits_2(main_job_dir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([str(main_job_dir), "--lang", "de"])
    assert stop.value.code == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


def test_page_is_self_contained_with_plotly_once(experiment_dir: Path) -> None:
    results = load_results(experiment_dir)
    page = render_dashboard(results, "fr")
    assert page.count(get_plotlyjs()[:2000]) == 1  # plotly.js inline, once
    assert not re.search(r"<script[^>]+src=", page) and "<link" not in page  # nothing fetched
    assert "@import" not in page and "@font-face" not in page
    figures = re.findall(r'id="figure-(\d+)-(fr|en)"', page)
    numbers = {n for n, _ in figures}
    assert len(figures) == 2 * len(numbers) and len(numbers) >= 10  # each figure in both languages
    # Experiment sections: sweep, Sobol, break-even boxes, failed run, reproduce.
    for words in (
        "Selon les paramètres explorés",
        "Sensibilité (indices de Sobol)",
        "takeup above 0.3",
        "ValueError: boom",
        "tzcld-experiment run experiments/compare.yaml --quick",
        "f" * 64,
    ):
        assert words in page, words
    assert "Across the explored parameters" in page  # the English version is in the same file


def test_every_break_even_threshold_gets_its_section(experiment_dir: Path, copy_dir) -> None:
    target = copy_dir(experiment_dir)
    first = json.loads((target / "break_even.json").read_text())
    second = first | {"threshold": 0.0, "share_meeting": 0.0, "boxes": []}
    (target / "break_even.json").write_text(json.dumps(first | {"analyses": [first, second]}))
    page = render_dashboard(load_results(target), "en")
    # each threshold states its share of runs meeting it (in both languages) and has its figure
    assert page.count(L.text("share_meeting", "en")) == 2
    assert page.count(L.text("share_meeting", "fr")) == 2
    assert "20000.0" in page and "= 0.0" in page.replace("\\u003c", "<")
    assert page.count("takeup above 0.3") == 2  # the boxes table of the first analysis, FR and EN
