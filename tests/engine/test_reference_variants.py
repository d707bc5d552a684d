"""The reference follows the engine beyond the Belgian full transposition: the French rules and
the Walloon pilot's fixed budget agree statistically, and what the reference does not implement
is refused.

Both implementations are built by the same world builder, so under ``policy=france`` the
reference pays the legislated CDE, the ASS and the prime d'activité, and under
``scenario=walloon_pilot`` it hires within the fixed budget's commitment rule and closes the EBE
when the period ends. Each family is checked with the oracle of ``tests/oracle.py`` (KS and
paired means, Bonferroni at a family-wise 0.001) and with a negative control that changes one
rule of that family in the engine only and must be rejected.

Runtime: France (600 jobseekers, 36 months) about 0.6 s a seed for the reference; the Walloon
pilot (1,180 jobseekers, 28 months) about 1 s; 24 seeds each on two processes.
"""

from __future__ import annotations

import copy

import numpy as np
import oracle
import pytest

from sim.config.load import load_config
from sim.config.validate import validate
from sim.engine.reference import run_reference_pair

SEEDS = tuple(range(24))

FRANCE = [
    "scenario=full_transposition",
    "territory=france_reference",
    "policy=france",
    "horizon_months=36",
    "agents.materialize_jobseekers=false",
]
FRANCE_DESIGN = oracle.Design(
    seeds=SEEDS,
    months=(6, 20, 35),
    outcomes=(
        ("scenario", "jobless"),
        ("scenario", "in_ordinary_job"),
        ("scenario", "on_insurance"),
        ("scenario", "on_solidarity_allowance"),
        ("scenario", "on_ris"),
        ("scenario", "ebe_employees"),
        ("scenario", "public_net_spending_eur"),
        ("scenario", "net_spending_state_eur"),
        ("twin", "on_solidarity_allowance"),
        ("twin", "public_net_spending_eur"),
    ),
)

# The Walloon pilot, with a shorter budget period (24 months instead of 45) and shorter delays
# (its EBE created 2 months after selection, its first activities 4 months later, its own draws
# within +-50 %) so that the closing rule comes within the horizon: the EBE hires within its
# activities' posts, the cash its holder can advance while the budget reimburses expenditure 9
# months late, and the budget's commitment rule, is evaluated after 16 months, and closes in
# month 24.
WALLOON = [
    "scenario=walloon_pilot",
    "territory=walloon_pilot",
    "start=2024-04",  # the 2026 reform's dates must fall inside the horizon
    "horizon_months=28",
    "scenario.fund.budget_months.value=24",
    "scenario.ebe.launch_delay_months.value=2",
    "scenario.ebe.initial_preparation_months.value=4",
    "scenario.stop_rule.after_months.value=16",
    "pipeline.territory_spread.value=0.5",
    "agents.materialize_jobseekers=false",
]
WALLOON_DESIGN = oracle.Design(
    seeds=SEEDS,
    months=(10, 17, 23, 25),
    outcomes=(
        ("scenario", "jobless"),
        ("scenario", "volunteers_waiting"),
        ("scenario", "ebe_employees"),
        ("scenario", "ebe_cash_eur"),
        ("scenario", "net_spending_tzcld_fund_eur"),
        ("scenario", "public_net_spending_eur"),
        ("twin", "jobless"),
    ),
)


def _agree(design: oracle.Design, samples: dict[str, np.ndarray]) -> None:
    cells = oracle.compare(design, samples["engine"], samples["reference"])
    assert not oracle.failures(cells), "engine and reference disagree:\n" + oracle.failures(cells)


@pytest.fixture(scope="module")
def france() -> dict[str, np.ndarray]:
    cfg = load_config(FRANCE)
    validate(cfg)
    # negative control: twice as many people whose insurance ends obtain the ASS, in the engine only
    perturbed = copy.deepcopy(cfg)
    perturbed.policy.solidarity_allowance.share_of_exhausted.value *= 2
    return oracle.sample(FRANCE_DESIGN, cfg, perturbed)


@pytest.fixture(scope="module")
def walloon() -> dict[str, np.ndarray]:
    cfg = load_config(WALLOON)
    validate(cfg)
    # negative control: the budget reimburses at once, in the engine only (the holder's cash no
    # longer holds hiring back)
    perturbed = copy.deepcopy(cfg)
    perturbed.scenario.fund.reimbursement_delay_months.value = 0
    return oracle.sample(WALLOON_DESIGN, cfg, perturbed)


@pytest.mark.slow  # the statistical oracle on the French rules (make test-slow, CI)
def test_french_rules_agree(france: dict[str, np.ndarray]) -> None:
    _agree(FRANCE_DESIGN, france)
    # not a vacuous pass: both paid the ASS and hired
    ass = FRANCE_DESIGN.outcomes.index(("scenario", "on_solidarity_allowance"))
    ebe = FRANCE_DESIGN.outcomes.index(("scenario", "ebe_employees"))
    for found in (france["engine"], france["reference"]):
        assert found[:, -1, ass].mean() > 5 and found[:, -1, ebe].mean() > 10
    rejected = oracle.rejected(oracle.compare(FRANCE_DESIGN, france["perturbed_0"], france["reference"]))
    assert {"scenario.on_solidarity_allowance@35", "twin.on_solidarity_allowance@35"} <= rejected, rejected


@pytest.mark.slow  # the statistical oracle on a fixed budget (make test-slow, CI)
def test_the_walloon_pilots_fixed_budget_agrees(walloon: dict[str, np.ndarray]) -> None:
    _agree(WALLOON_DESIGN, walloon)
    ebe = WALLOON_DESIGN.outcomes.index(("scenario", "ebe_employees"))
    for found in (walloon["engine"], walloon["reference"]):
        # the EBE hired during the period and was closed after it, in both implementations
        assert found[:, WALLOON_DESIGN.months.index(23), ebe].mean() > 5
        assert (found[:, WALLOON_DESIGN.months.index(25), ebe] == 0).all()
    rejected = oracle.rejected(oracle.compare(WALLOON_DESIGN, walloon["perturbed_0"], walloon["reference"]))
    assert "scenario.ebe_employees@23" in rejected, rejected


def test_the_reference_never_spends_beyond_the_fixed_budget() -> None:
    # a budget smaller than what the activities' posts would take, so that the budget binds
    cfg = load_config([*WALLOON, "scenario.fund.budget_eur.value=500000"])
    scenario, _ = run_reference_pair(oracle.with_seed(cfg, 7))
    budget = scenario.fund.budget
    assert budget.spent.sum() <= budget.allowance.sum() + 1e-6
    assert budget.spent.sum() > 0.5 * budget.allowance.sum()  # and it did use most of it


def test_the_reference_stops_a_territory_as_the_engine_does() -> None:
    # created 22 months after selection: nobody in work in month 20, stopped at its evaluation (26)
    cfg = load_config(
        ["scenario=walloon_pilot", "territory=walloon_pilot", "start=2023-04", "horizon_months=30",
         "scenario.ebe.launch_delay_months.value=22", "pipeline.vary_by_territory=[]",
         "agents.materialize_jobseekers=false"]
    )  # fmt: skip
    scenario, _ = run_reference_pair(cfg)
    stopped = [record["territories_stopped"] for record in scenario.records]
    assert stopped[25] == 0 and stopped[26:] == [1] * 4
    assert all(record["ebe_employees"] == 0 and record["volunteers_waiting"] == 0 for record in scenario.records[26:])
    assert max(record["volunteers_waiting"] for record in scenario.records[:26]) > 0
