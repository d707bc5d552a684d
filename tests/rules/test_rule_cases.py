"""The rule test cases of tests/rules/cases/*.yaml, run through tzcld-rules' own code path.

Each case gives the calculator's options (policy, date, household, working time and any other
option), the amounts expected with a tolerance, and the source. The case is run by calling the
command's entry point (:func:`sim.rules.cli.main`) with ``--json``, exactly as a user would, and
every expected amount is compared with the printed one. Cases computed here from sourced rules
are tagged E and must show their arithmetic; R and K cases come from a source's own figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sim.rules import cli

CASES_DIR = Path(__file__).parent / "cases"
TAGS = ("R", "K", "E")
REQUIRED = ("id", "title", "policy", "date", "household", "working_time", "expected", "source", "tag")


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "file": path.name})
    return cases


CASES = load_cases()


def argv(case: dict) -> list[str]:
    """The command line of a case."""
    args = [
        "--policy",
        case["policy"],
        "--date",
        str(case["date"]),
        "--household",
        case["household"],
        "--working-time",
        repr(float(case["working_time"])),
        "--json",
    ]
    options = dict(case.get("options") or {})
    overrides = options.pop("overrides", [])
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    return [*args, *overrides]


def test_there_are_enough_cases_and_sources() -> None:
    assert len(CASES) >= 30
    assert len({case["id"] for case in CASES}) == len(CASES), "case ids must be unique"
    independent = [case for case in CASES if case["tag"] in ("R", "K")]
    assert len(independent) >= 15
    assert {case["policy"] for case in CASES} == {"belgium_2027", "france"}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_is_documented(case: dict) -> None:
    missing = [key for key in REQUIRED if key not in case]
    assert not missing, f"{case.get('id')} ({case['file']}): missing {missing}"
    assert case["tag"] in TAGS
    assert str(case["source"]).strip()
    if case["tag"] == "E":
        assert str(case.get("arithmetic", "")).strip(), f"{case['id']}: an E case shows its arithmetic"
    for key, expected in case["expected"].items():
        assert set(expected) == {"value", "tolerance"}, f"{case['id']}.{key}"
        assert expected["tolerance"] >= 0


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_through_the_calculator(case: dict, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(argv(case))
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    problems = []
    for key, expected in case["expected"].items():
        assert key in result, f"{case['id']}: the calculator prints no {key}"
        got = result[key]
        if abs(got - expected["value"]) > expected["tolerance"]:
            problems.append(f"{key} = {got:.4f}, expected {expected['value']} +/- {expected['tolerance']}")
    assert not problems, f"{case['id']} ({case['source']}):\n" + "\n".join(problems)
