"""Statistical oracle: the fast engine and the per-agent reference give the same distributions.

The engine (:func:`sim.engine.paired.run_paired`) moves everyone at once with keyed draws; the
reference (:mod:`sim.engine.reference`) steps one Mesa agent at a time with Python's RNG. They share
the rule functions and the populations, nothing else. For the same seed both hold the same
people (the population is a function of the seed), so each seed gives one pair
``(engine outcome, reference outcome)``: independent given the population and, if the two
implement the same process, identically distributed.

For every outcome x month below we run

* a two-sample Kolmogorov-Smirnov test (``scipy.stats.ks_2samp``) of the engine's values over
  the seeds against the reference's. Positive correlation within pairs (shared population) only
  makes it conservative;
* a paired comparison of means: the mean of the per-seed differences must lie within
  ``t_{1 - alpha / (2 m)}(n - 1)`` standard errors of zero, i.e. a paired t-test at the
  Bonferroni-corrected level.

``alpha = 0.001`` is the family-wise level over the ``m`` comparisons (Bonferroni; cells that
are constant in both samples, such as EBE staff before the launch, must be equal and are not
counted). With 32 seeds the mean tolerance is about 5 standard errors of the paired
difference: at month 35 of the pilot about 29 people on a jobless stock of about 920 (3 %), 32
on about 1,490 re-employed (2 %), 3.5 on about 30 EBE employees. A negative control then
perturbs one rule parameter in the engine's configuration only (``behaviour.job_finding_base``
x 1.5) and checks that the same procedure rejects it, so a pass above is informative (it
flags 28 of the 33 cells, with KS p-values down to 1e-18).

Runtime: the reference costs about 1.5-2 s a seed (36 months, scenario and twin) and runs in a
pool of two spawned processes; the engine about 0.06 s a seed. The whole file takes about
50 s on 2 cores, so it stays in the default run.
"""

from __future__ import annotations

import copy

import numpy as np
import oracle
import pytest

from sim.config.load import load_config
from sim.config.schema import RunConfig
from sim.engine.paired import run_paired
from sim.engine.reference import ReferenceJobseeker, ReferenceModel, ReferenceUnsupported, run_reference_pair

OVERRIDES = [
    "territory=pilot",
    "scenario=full_transposition",
    "horizon_months=36",
    "agents.materialize_jobseekers=false",
]
SEEDS = tuple(range(32))
MONTHS = (6, 18, 35)
# (world, record column): scenario stocks and money, plus the twin's status-quo stocks.
OUTCOMES = (
    ("scenario", "jobless"),
    ("scenario", "in_ordinary_job"),
    ("scenario", "on_ris"),
    ("scenario", "on_insurance"),
    ("scenario", "out_of_labour_force"),
    ("scenario", "volunteers_waiting"),
    ("scenario", "ebe_employees"),
    ("scenario", "public_net_spending_eur"),
    ("twin", "jobless"),
    ("twin", "in_ordinary_job"),
    ("twin", "on_ris"),
)
DESIGN = oracle.Design(seeds=SEEDS, months=MONTHS, outcomes=OUTCOMES)


@pytest.fixture(scope="module")
def base_cfg() -> RunConfig:
    return load_config(OVERRIDES)


@pytest.fixture(scope="module")
def samples(base_cfg: RunConfig) -> dict[str, np.ndarray]:
    """Reference (in child processes), engine and perturbed engine, over the same seeds."""
    perturbed_cfg = copy.deepcopy(base_cfg)
    perturbed_cfg.behaviour.job_finding_base.value *= 1.5
    return oracle.sample(DESIGN, base_cfg, perturbed_cfg)


# --------------------------------------------------------------------------- tests
@pytest.mark.slow  # the statistical oracle: 32 seeds of both models (make test-slow, CI)
def test_engine_and_reference_give_the_same_distributions(samples: dict[str, np.ndarray]) -> None:
    # One test for the oracle and its negative control: they share the expensive samples, and
    # pytest-xdist could otherwise compute the module fixture once in each worker.
    cells = oracle.compare(DESIGN, samples["engine"], samples["reference"])
    assert len(cells) == len(MONTHS) * len(OUTCOMES)
    ks_failures = [c for c in cells if not c.ks_ok]
    mean_failures = [c for c in cells if not c.mean_ok]
    assert not ks_failures, "KS rejects engine = reference (Bonferroni, alpha 0.001):\n" + oracle.describe(ks_failures)
    assert not mean_failures, "means differ beyond the SE-based tolerance:\n" + oracle.describe(mean_failures)
    # Guards against a vacuous pass: the scheme actually ran and hired in both implementations.
    ebe = OUTCOMES.index(("scenario", "ebe_employees"))
    assert samples["engine"][:, -1, ebe].mean() > 10
    assert samples["reference"][:, -1, ebe].mean() > 10

    # Negative control: only the engine's job-finding base rate changes (x 1.5); the same
    # procedure must reject it, through both the KS and the mean comparisons.
    perturbed = oracle.compare(DESIGN, samples["perturbed_0"], samples["reference"])
    ks_rejected = {c.label for c in perturbed if not c.ks_ok}
    mean_rejected = {c.label for c in perturbed if not c.mean_ok}
    for label in ("scenario.in_ordinary_job@6", "scenario.jobless@35", "twin.in_ordinary_job@18"):
        assert label in ks_rejected, f"KS missed the perturbation on {label}:\n{oracle.describe(perturbed)}"
        missed = f"the mean test missed the perturbation on {label}:\n{oracle.describe(perturbed)}"
        assert label in mean_rejected, missed


def test_reference_holds_the_same_people_as_the_engine(base_cfg: RunConfig) -> None:
    # Same entrants each month: every person present is in exactly one status in both.
    cfg = oracle.with_seed(base_cfg, 3)
    cfg.horizon_months = 12
    engine = run_paired(cfg)
    scenario, twin = run_reference_pair(cfg)
    statuses = ("jobless", "ebe_employees", "subsidised_contracts", "in_training", "in_ordinary_job")
    for records in (scenario.records, twin.records, engine.scenario.records):
        for t, record in enumerate(records):
            present = sum(record[k] for k in statuses) + record["out_of_labour_force"]
            assert present == engine.population.entered_by[t]
    # The reference is per-agent Mesa: one ReferenceJobseeker per person, in Mesa's registry.
    people = scenario.agents_by_type[ReferenceJobseeker]
    assert len(people) == engine.population.size
    assert twin.design == "status_quo" and scenario.design == "full_transposition"


def test_reference_ledger_balances_and_is_reproducible(base_cfg: RunConfig) -> None:
    cfg = oracle.with_seed(base_cfg, 5)
    cfg.horizon_months = 16  # past the EBE's launch (month 12), so its accounts are exercised
    scenario, twin = run_reference_pair(cfg)
    for model in (scenario, twin):
        scale = model.ledger.to_frame()["amount_eur"].abs().max()
        assert model.ledger.max_abs_imbalance() <= 1e-9 * scale
    assert scenario.records[-1]["ebe_employees"] > 0
    again, _ = run_reference_pair(cfg)
    assert again.records == scenario.records  # Python's RNG, seeded from the config seed


def test_reference_refuses_existing_actors() -> None:
    cfg = load_config([*OVERRIDES[:1], "scenario=existing_actors", "horizon_months=2"])
    with pytest.raises(ReferenceUnsupported, match="existing_actors"):
        run_reference_pair(cfg)
    with pytest.raises(ReferenceUnsupported):
        ReferenceModel(cfg, population=None)  # type: ignore[arg-type]
