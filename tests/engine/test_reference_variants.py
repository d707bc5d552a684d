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

# The Walloon pilot, with a shorter budget period (24 months instead
# of 45) and launch delay (6 months instead of 12) so that the closing rule comes sooner: the
# EBE hires within the budget's commitment rule and closes in month 24.
WALLOON = [
    "scenario=walloon_pilot",
    "territory=walloon_pilot",
    "start=2024-04",  # the 2026 reform's dates must fall inside the horizon
    "horizon_months=28",
    "scenario.fund.budget_months.value=24",
    "scenario.ebe.launch_delay_months.value=6",
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
    # negative control: half the budget, in the engine only
    perturbed = copy.deepcopy(cfg)
    perturbed.scenario.fund.budget_eur.value *= 0.5
    return oracle.sample(WALLOON_DESIGN, cfg, perturbed)


def test_french_rules_agree(france: dict[str, np.ndarray]) -> None:
    _agree(FRANCE_DESIGN, france)
    # not a vacuous pass: both paid the ASS and hired
    ass = FRANCE_DESIGN.outcomes.index(("scenario", "on_solidarity_allowance"))
    ebe = FRANCE_DESIGN.outcomes.index(("scenario", "ebe_employees"))
    for found in (france["engine"], france["reference"]):
        assert found[:, -1, ass].mean() > 5 and found[:, -1, ebe].mean() > 10
    rejected = oracle.rejected(oracle.compare(FRANCE_DESIGN, france["perturbed_0"], france["reference"]))
    assert {"scenario.on_solidarity_allowance@35", "twin.on_solidarity_allowance@35"} <= rejected, rejected


def test_the_walloon_pilots_fixed_budget_agrees(walloon: dict[str, np.ndarray]) -> None:
    _agree(WALLOON_DESIGN, walloon)
    ebe = WALLOON_DESIGN.outcomes.index(("scenario", "ebe_employees"))
    for found in (walloon["engine"], walloon["reference"]):
        # the EBE hired during the period and was closed after it, in both implementations
        assert found[:, WALLOON_DESIGN.months.index(23), ebe].mean() > 10
        assert (found[:, WALLOON_DESIGN.months.index(25), ebe] == 0).all()
    rejected = oracle.rejected(oracle.compare(WALLOON_DESIGN, walloon["perturbed_0"], walloon["reference"]))
    assert "scenario.ebe_employees@23" in rejected, rejected


def test_the_reference_never_spends_beyond_the_fixed_budget() -> None:
    cfg = load_config(WALLOON)
    scenario, _ = run_reference_pair(oracle.with_seed(cfg, 7))
    budget = scenario.fund.budget
    assert budget.spent.sum() <= budget.per_ebe * len(scenario.ebes) + 1e-6
    assert budget.spent.sum() > 0.5 * budget.per_ebe  # and it did use most of it
