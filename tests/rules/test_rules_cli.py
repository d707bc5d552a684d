"""tzcld-rules: the household calculator's output, its refusals, and that it reads the very
amounts the engine posts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import factories as f
import numpy as np
import pytest

from sim import accounts as acc
from sim.engine import ebe, flows
from sim.engine.state import Regime, Status
from sim.rules import cli

ISSUE_EXAMPLE = ["--policy", "belgium_2027", "--date", "2025-06", "--household", "single", "--working-time", "1.0"]
# The amounts the issue asks the calculator to print.
ISSUE_KEYS = (
    "gross_wage_month",
    "employer_cost_year",
    "employer_contributions_month",
    "net_wage_month",
    "income_tax_month",
    "ris_month",
    "unemployment_benefit_month",
    "in_work_benefit_month",
    "net_income_month",
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_every_amount_of_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *ISSUE_EXAMPLE, "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert all(isinstance(result[key], float) for key in ISSUE_KEYS)
    # the EBE's employer (category 1, 10 workers or more) at the June 2025 rules: 33,381.97
    assert result["employer_category"] == "general_10"
    assert result["employer_cost_year"] == pytest.approx(33381.97, abs=0.01)
    assert result["ris_month"] == 0.0  # a full-time worker earns above the RIS


def test_table_lists_every_amount_with_its_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ISSUE_EXAMPLE)
    assert code == 0
    assert out.startswith("tzcld-rules: policy belgium_2027, 2025-06, household single")
    for key in ISSUE_KEYS:
        line = next(line for line in out.splitlines() if line.endswith(f"  {key}"))
        assert any(ch.isdigit() for ch in line)


@pytest.mark.parametrize(
    ("args", "named", "accepted"),
    [
        (["--policy", "belgium_2030", "--date", "2025-06"], "--policy = 'belgium_2030'", "belgium_2027, france"),
        (["--date", "2024-12"], "--date = '2024-12' is outside the rules", "from 2025-02 to 2036-12"),
        (["--date", "2037-01"], "--date = '2037-01' is outside the rules", "from 2025-02 to 2036-12"),
        (["--date", "2025-13"], "--date:", "YYYY-MM"),
        (["--date", "2025-06", "--working-time", "0"], "--working-time = 0.0", "in (0, 1]"),
        (["--date", "2025-06", "--working-time", "1.5"], "--working-time = 1.5", "in (0, 1]"),
        (["--date", "2025-06", "--household", "couple"], "--household = 'couple'", "head, single, cohabitant"),
        (["--date", "2025-06", "--employer", "bank"], "--employer = 'bank'", "ebe, article60"),
        (["--date", "2025-06", "policy.wages.nonsense=1"], "policy.wages.nonsense", ""),
    ],
)
def test_bad_input_exits_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], args: list[str], named: str, accepted: str
) -> None:
    base = {"--policy": "belgium_2027", "--household": "single", "--working-time": "1.0"}
    for key in ("--policy", "--household", "--working-time"):
        if key in args:
            base.pop(key)
    argv = [item for pair in base.items() for item in pair] + args
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("tzcld-rules: invalid input, nothing was computed.")
    assert named in err and accepted in err
    assert "Traceback" not in err


def test_french_range_starts_with_its_own_rules(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--policy", "france", "--territory", "france_reference", "--household", "single", "--working-time", "1"]
    assert run(capsys, *args, "--date", "2024-04", "--json")[0] == 0
    code, _, err = run(capsys, *args, "--date", "2024-03")
    assert code == 2 and "from 2024-04" in err


def test_the_calculator_reads_what_the_engine_posts() -> None:
    # One half-time EBE worker on the RIS, head of household, in 2027: the engine's wage bill and
    # in-work RIS are the calculator's amounts.
    cfg = f.config(quiet=True)
    w = f.world(cfg, f.population(1, household=0, working_time=0.5))
    w.place([0], Status.EBE, fte=0.5)
    w.state.regime[0] = Regime.RIS
    query = cli.Household(date="2027-01", household="head", working_time=0.5)
    result = cli.compute(cfg, query, w.month_index)
    pay = flows.rows_pay(w, np.array([0]), employer="ebe")
    assert 0.5 * pay.employer_cost * 12 == pytest.approx(result["employer_cost_year"])
    assert 0.5 * pay.net * 12 == pytest.approx(result["net_wage_year"])
    flows.pay_benefits(w, np.array([0]))
    ebe.settle(w, np.zeros(len(w.ebes), dtype=np.int64))
    ledger = f.close(w)
    assert f.postings(ledger, category=acc.RIS) == pytest.approx(result["ris_month"])
    assert result["ris_month"] > 0
    wage_bill = sum(
        f.postings(ledger, category=c)
        for c in (acc.WAGE_NET, acc.EMPLOYEE_CONTRIBUTION, acc.INCOME_TAX, acc.EMPLOYER_CONTRIBUTION)
    )
    assert wage_bill == pytest.approx(result["employer_cost_year"] / 12)


def test_console_entry_point() -> None:
    script = Path(sys.executable).with_name("tzcld-rules")
    assert script.exists(), "run `pip install -e .` to create the tzcld-rules entry point"
    env = {**os.environ, "HYDRA_FULL_ERROR": "0"}
    good = subprocess.run([str(script), *ISSUE_EXAMPLE, "--json"], capture_output=True, text=True, env=env, check=False)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["net_wage_month"] == pytest.approx(2010.69, abs=0.01)
    bad = subprocess.run([str(script), *ISSUE_EXAMPLE[:-1], "2"], capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2 and "--working-time = 2.0" in bad.stderr and "Traceback" not in bad.stderr
