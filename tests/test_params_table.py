"""tzcld-params (sim/params_table.py): the parameter table of any configuration, with sources."""

from __future__ import annotations

import csv
import functools
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.config.load import load_config
from sim.config.provenance import (
    COLUMNS,
    GROUPS,
    candidate_combinations,
    default_options,
    group_options,
    iter_params,
)
from sim.params_table import main

OPTIONS = {group: group_options(group) for group in GROUPS}
DEFAULTS = default_options()
GROUP_OPTIONS = [(group, option) for group in GROUPS for option in OPTIONS[group]]


@functools.cache
def _rows(*overrides: str) -> tuple:
    # composing takes about 0.4 s: each configuration once per module
    return tuple(iter_params(load_config(list(overrides))))


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # the table adapts to the terminal; pytest workers have none, so fix the width the
    # assertions on the title line rely on
    monkeypatch.setenv("COLUMNS", "160")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


# --------------------------------------------------------------------------- every option
@pytest.mark.parametrize(("group", "option"), GROUP_OPTIONS, ids=[f"{g}={o}" for g, o in GROUP_OPTIONS])
def test_table_for_every_configuration_option(capsys: pytest.CaptureFixture[str], group: str, option: str) -> None:
    # An option is shown with the defaults of the other groups; one that does not validate
    # there (a French policy with a Belgian territory) in the first combination that does,
    # trying options with related names first (see candidate_combinations). None validating
    # with up to two other groups changed is a failure, with every problem met on the way.
    failures = []
    for overrides in candidate_combinations(group, option, OPTIONS, DEFAULTS):
        code, out, err = _run(capsys, *overrides)
        if code == 0:
            break
        failures.append(f"{' '.join(overrides)}:\n{err}")
    else:
        pytest.fail(f"{group}={option} validates in no combination tried:\n" + "\n".join(failures[:3]))
    assert f"{group}={option}" in out.splitlines()[0]
    # every row of the option's group is printed (completeness of the rows themselves is
    # checked once, against iter_params, by the CSV test; composing again here would double
    # the cost of this test)
    group_rows = [line for line in out.splitlines() if line.startswith((f"{group}.", f"{group}["))]
    assert group_rows, f"no {group} row in the table of {' '.join(overrides)}"
    assert not any("Traceback" in line for line in err.splitlines())


# --------------------------------------------------------------------------- formats
def test_csv_export_is_complete_and_parseable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "params.csv"
    code, out, err = _run(capsys, "scenario=existing_actors", "--out", str(out_file))
    assert code == 0, err
    assert out == "" and "written to" in err
    rows = _csv_rows(out_file.read_text(encoding="utf-8"))
    expected = _rows("scenario=existing_actors")
    assert [row["path"] for row in rows] == [row.path for row in expected]
    by_start = {row["start"]: row for row in rows if row["path"] == "policy.social_assistance.reform_reimbursement"}
    assert float(by_start["2029-01"]["value"]) == 0.75
    assert by_start["2026-01"]["indexation"] == "until 2027-01"
    assert by_start["2029-01"]["year"] == "2029"
    takeup = next(row for row in rows if row["path"] == "scenario.volunteering.takeup")
    assert takeup["assumption"] == "true" and takeup["range"] == "[0.15, 0.5]" and takeup["tag"] == "A"
    assert takeup["key"] == "scenario.volunteering.takeup.value"
    article60 = next(row for row in rows if row["path"] == "scenario.operators[cpas_article60].subsidy_per_month")
    assert article60["source"].startswith("Believed equal to the RIS rate") and article60["year"] == "2025"
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_markdown_export_is_a_table_of_every_row(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "params.md"
    code, _, err = _run(capsys, "territory=coeur_du_hainaut", "--out", str(out_file))
    assert code == 0, err
    lines = [line for line in out_file.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
    assert tuple(cells[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in cells), "a cell broke the table (unescaped |?)"
    expected = _rows("territory=coeur_du_hainaut")
    assert len(cells) - 2 == len(expected)
    assert any(row[0].startswith("territory.communes[") for row in cells[2:])


def test_format_flag_prints_csv_and_markdown_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--format", "csv", "--filter", "minimum_wage_month")
    assert code == 0
    rows = _csv_rows(out)
    assert [row["start"] for row in rows] == ["2024-04", "2024-05", "2025-02", "2026-01", "2026-04", "2026-07"]
    assert "indexed each January after 2026-07" in rows[-1]["indexation"]
    code, out, _ = _run(capsys, "--format", "markdown", "--filter", "pension_age")
    assert code == 0
    assert out.count("| policy.pension_age |") == 2


def test_filter_and_assumptions_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--format", "csv", "--assumptions-only")
    assert code == 0
    rows = _csv_rows(out)
    assert rows and all(row["assumption"] == "true" and row["tag"] in ("A", "E") and row["range"] for row in rows)
    all_assumptions = [row for row in _rows() if row.assumption]
    assert len(rows) == len(all_assumptions)
    code, out, _ = _run(capsys, "--filter", "EBE.EXIT")
    assert code == 0
    paths = [line.split()[0] for line in out.splitlines()[3:] if line and line.startswith("scenario.")]
    assert paths == ["scenario.ebe.exit_rate_year", "scenario.ebe.exit_to_ordinary_share"]
    assert "rows shown" in " ".join(out.splitlines()[:3])


def test_terminal_table_fits_and_shows_dates_and_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--filter", "policy.")
    assert code == 0
    lines = out.splitlines()
    table = lines[lines.index("") + 1 :]
    assert max(len(line) for line in table[:-2]) <= 160  # COLUMNS unset under pytest: 160 wide
    reimbursement = [line for line in table if line.startswith("policy.social_assistance.reform_reimbursement")]
    assert len(reimbursement) == 4 and "2029-01" in reimbursement[-1] and "then fixed" in reimbursement[-1]
    # long sources wrap onto continuation lines that are blank up to the source column
    assert "policy.indexation_per_year 0.02 share per year A ASSUMPTION, range [0.01, 0.03]" in " ".join(out.split())


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("override", "named"),
    [
        ("scenario.volunteering.takup.value=0.3", "scenario.volunteering.takup"),
        ("scenario.volunteering.takeup.value=abc", "scenario.volunteering.takeup.value"),
        ("scenario=nope", "scenario=nope"),
    ],
)
def test_bad_override_exits_2_naming_the_key(capsys: pytest.CaptureFixture[str], override: str, named: str) -> None:
    code, out, err = _run(capsys, override)
    assert code == 2
    assert out == ""
    assert err.startswith("tzcld-params: bad override") and named in err
    assert "Traceback" not in err
    if override == "scenario=nope":
        assert "full_transposition" in err  # the accepted options are listed


def test_invalid_configuration_exits_2_unless_no_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "scenario.volunteering.takeup.value=1.5")
    assert code == 2 and out == ""
    assert "scenario.volunteering.takeup.value = 1.5" in err and "--no-validate" in err
    code, out, _ = _run(capsys, "scenario.volunteering.takeup.value=1.5", "--no-validate", "--filter", "takeup")
    assert code == 0 and "1.5" in out


def test_out_file_is_never_silently_overwritten(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "params.csv"
    out_file.write_text("keep me", encoding="utf-8")
    code, _, err = _run(capsys, "--out", str(out_file))
    assert code == 2 and "--force" in err
    assert out_file.read_text(encoding="utf-8") == "keep me"
    code, _, _ = _run(capsys, "--out", str(out_file), "--force")
    assert code == 0 and out_file.read_text(encoding="utf-8").startswith("path,value")


def test_unknown_extension_needs_a_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--out", str(tmp_path / "params.xlsx"))
    assert code == 2 and ".csv" in err and "--format" in err
    assert not (tmp_path / "params.xlsx").exists()
    code, _, _ = _run(capsys, "--out", str(tmp_path / "params.xlsx"), "--format", "csv")
    assert code == 0


# --------------------------------------------------------------------------- real entry point
def test_console_entry_point(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("tzcld-params")
    assert script.exists(), "run `pip install -e .` to create the tzcld-params entry point"
    good = subprocess.run(
        [str(script), "scenario=status_quo", "--format", "csv", "--filter", "reform_file_fee"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0, good.stderr
    rows = _csv_rows(good.stdout)
    assert [(row["start"], float(row["value"])) for row in rows] == [("2026-01", 518.0), ("2028-01", 0.0)]
