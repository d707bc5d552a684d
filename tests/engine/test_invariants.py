"""Invariants over many random valid configurations (hypothesis): the ledger balances, accounts
equal their postings, people are conserved, nothing is negative, FTE never exceed headcount,
and the status quo equals its own twin exactly."""

from __future__ import annotations

import factories as f
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.calendar import month_label, parse_month
from sim.config.validate import validate
from sim.engine.paired import PairedResult
from sim.engine.state import Status

FIRST_START, LAST_START = parse_month("2025-01"), parse_month("2028-12")
# every dated rule of the policy must fall inside the horizon (validation): the last is 2026-07
LAST_RULE = parse_month("2026-07")
STOCKS = [
    "jobless",
    "jobless_over_2y",
    "eligible",
    "volunteers_waiting",
    "ebe_employees",
    "ebe_fte",
    "subsidised_contracts",
    "subsidised_fte",
    "in_training",
    "in_ordinary_job",
    "out_of_labour_force",
    "on_insurance",
    "on_ris",
    "no_benefit",
    "hires",
    "ebe_sales_eur",
    "displaced_sales_eur",
    "displaced_fte",
    "local_spending_eur",
]
STATUS_COLUMNS = [
    "jobless",
    "ebe_employees",
    "subsidised_contracts",
    "in_training",
    "in_ordinary_job",
    "out_of_labour_force",
]

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def share(low: int = 0, high: int = 100) -> st.SearchStrategy[float]:
    return st.integers(low, high).map(lambda x: x / 100)


@st.composite
def run_configs(draw, designs=("status_quo", "full_transposition", "existing_actors")) -> list[str]:
    design = draw(st.sampled_from(designs))
    start = draw(st.integers(FIRST_START, LAST_START))
    horizon = draw(st.integers(max(12, LAST_RULE - start + 1), 36))
    overrides = [
        f"scenario={design}",
        f"start={month_label(start)}",
        f"horizon_months={horizon}",
        f"seed={draw(st.integers(0, 2**31 - 1))}",
        f"scenario.volunteering.takeup.value={draw(share())}",
        f"scenario.volunteering.monthly_hazard.value={draw(share(1, 100))}",
        f"scenario.volunteering.eligibility_min_months.value={draw(st.sampled_from([0, 12, 24]))}",
        f"behaviour.job_finding_base.value={draw(share(0, 30))}",
        f"behaviour.job_separation.value={draw(share(0, 5))}",
        f"behaviour.labour_force_exit.value={draw(share(0, 5))}",
        f"policy.unemployment_insurance.excluded_to_cpas_share.value={draw(share())}",
    ]
    if design == "full_transposition":
        overrides += [
            f"scenario.fund.financing={draw(st.sampled_from(['fixed_shares', 'savings']))}",
            f"scenario.fund.contribution_basis={draw(st.sampled_from(['employer_cost', 'gross']))}",
            f"scenario.fund.contribution_share_of_wage.value={draw(share(0, 100))}",
            f"scenario.ebe.displacement_share.value={draw(share(0, 40))}",
            f"scenario.ebe.exit_rate_year.value={draw(share(0, 50))}",
            f"scenario.ebe.launch_delay_months.value={draw(st.integers(0, 12))}",
            f"scenario.ebe.initial_cash_per_ebe.value={draw(st.sampled_from([0, 50000, 200000]))}",
            f"scenario.ebe.sales_maturity_months.value={draw(st.sampled_from([0, 12, 36]))}",
            f"territory.ebe_count.value={draw(st.integers(1, 3))}",
        ]
    elif design == "existing_actors":
        for index in range(len(f.OPERATORS)):
            overrides.append(
                f"scenario.operators.{index}.places_per_year_per_1000_jobseekers.value={draw(st.integers(0, 60))}"
            )
    return overrides


def simulate(overrides: list[str]) -> tuple[PairedResult, list[np.ndarray]]:
    """Run a paired configuration month by month, keeping the scenario's statuses each month."""
    cfg = f.config(*overrides, scenario=overrides[0].split("=")[1])
    validate(cfg)
    scenario, twin = f.paired(cfg)
    statuses = []
    for _ in range(cfg.horizon_months):
        scenario.step()
        statuses.append(scenario.state.status[: scenario.n_present].copy())
    return PairedResult(cfg=cfg, population=scenario.population, scenario=scenario, twin=twin), statuses


def account_flows(ledger: pd.DataFrame) -> pd.DataFrame:
    """Received minus paid by (world, month, account), recomputed from the posting rows."""
    received = (
        ledger.groupby(["world", "month", "creditor"])["amount_eur"].sum().rename_axis(["world", "month", "account"])
    )
    paid = ledger.groupby(["world", "month", "debtor"])["amount_eur"].sum().rename_axis(["world", "month", "account"])
    return received.sub(paid, fill_value=0.0).rename("net").reset_index()


@pytest.mark.slow  # property-based: random configurations run month by month (make test-slow, CI)
@SETTINGS
@given(run_configs())
def test_invariants_of_a_paired_run(overrides: list[str]) -> None:
    result, statuses = simulate(overrides)
    cfg, pop = result.cfg, result.population
    series = result.timeseries()
    ledger = result.ledger()

    # --- the ledger: positive amounts, one row per (month, world, debtor, creditor, category)
    assert (ledger["amount_eur"] > 0).all() and np.isfinite(ledger["amount_eur"]).all()
    assert not ledger.duplicated(["month", "world", "debtor", "creditor", "category"]).any()
    flows = account_flows(ledger)
    turnover = ledger.groupby(["world", "month"])["amount_eur"].sum()
    # every month, the sum over all accounts of received - paid is zero
    imbalance = flows.groupby(["world", "month"])["net"].sum()
    assert (imbalance.abs() <= 1e-6 * turnover.reindex(imbalance.index) + 1e-9).all(), imbalance.abs().max()

    for model in (result.scenario, result.twin):
        # each account's balance is the sum of its postings (recomputed from the rows)
        mine = flows[flows["world"] == model.world].groupby("account")["net"].sum()
        balances = model.ledger.balances()
        np.testing.assert_allclose(
            balances.to_numpy(), mine.reindex(balances.index, fill_value=0.0).to_numpy(), rtol=1e-9, atol=1e-6
        )
        assert model.ledger.max_abs_imbalance() <= 1e-6 * max(1.0, turnover.max())

        world = series[series["world"] == model.world].set_index("month")
        net = flows[flows["world"] == model.world].pivot_table(
            index="month", columns="account", values="net", aggfunc="sum"
        )
        net = net.reindex(world.index).fillna(0.0)
        # each payer's reported net spending is its paid - received in the ledger, and they add up
        total = np.zeros(len(world))
        for payer in model.payer_names:
            ledger_net = -net[payer].to_numpy() if payer in net else np.zeros(len(world))
            np.testing.assert_allclose(world[f"net_spending_{payer}_eur"], ledger_net, rtol=1e-9, atol=1e-6)
            total += ledger_net
        np.testing.assert_allclose(world["public_net_spending_eur"], total, rtol=1e-9, atol=1e-5)
        # EBE cash = initial cash + cumulated balance of the EBE accounts
        if model.ebes:
            ebe_net = net[[e.name for e in model.ebes if e.name in net]].sum(axis=1).cumsum()
            initial = len(model.ebes) * cfg.scenario.ebe.initial_cash_per_ebe.value
            np.testing.assert_allclose(world["ebe_cash_eur"], initial + ebe_net, rtol=1e-9, atol=1e-4)
        else:
            assert (world["ebe_cash_eur"] == 0).all()

        # --- people: present = initial stock + inflows to date, split across statuses
        entered = np.array([np.count_nonzero(pop.entry_month <= t) for t in world.index])
        assert pop.n_initial == round(cfg.territory.jobseekers.value)
        np.testing.assert_array_equal(world[STATUS_COLUMNS].sum(axis=1), entered)
        np.testing.assert_array_equal(
            world["on_insurance"] + world["on_ris"] + world["no_benefit"], world["jobless"] + world["in_training"]
        )
        assert (world["jobless_over_2y"] <= world["jobless"]).all() and (world["eligible"] <= world["jobless"]).all()
        assert (world["volunteers_waiting"] <= world["jobless"] + world["in_training"]).all()

        # --- nothing negative; FTE never above headcount
        assert (world[STOCKS] >= 0).all().all()
        assert (world["ebe_fte"] <= world["ebe_employees"] + 1e-4).all()
        assert (world["subsidised_fte"] <= world["subsidised_contracts"] + 1e-4).all()
        if model is result.twin or not model.has_scheme:
            assert (
                (world[["ebe_employees", "subsidised_contracts", "in_training", "volunteers_waiting", "hires"]] == 0)
                .all()
                .all()
            )

    # --- month to month: not OUT = previous + entrants - exits, and nobody comes back from OUT
    previous = np.zeros(0, dtype=np.int8)
    for t, status in enumerate(statuses):
        out_before = np.zeros(status.size, dtype=bool)
        out_before[: previous.size] = previous == Status.OUT
        out_now = status == Status.OUT
        assert not (out_before & ~out_now).any(), f"month {t}: people came back from out of the labour force"
        exits = np.count_nonzero(out_now & ~out_before)
        entrants = status.size - previous.size
        not_out_before = previous.size - np.count_nonzero(previous == Status.OUT)
        assert np.count_nonzero(~out_now) == not_out_before + entrants - exits
        previous = status


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(run_configs(designs=("status_quo",)))
def test_status_quo_equals_its_twin(overrides: list[str]) -> None:
    result, _ = simulate(overrides)
    series = result.timeseries()
    scen = series[series["world"] == "scenario"].drop(columns="world").reset_index(drop=True)
    twin = series[series["world"] == "twin"].drop(columns="world").reset_index(drop=True)
    pd.testing.assert_frame_equal(scen, twin, check_exact=True)
    numeric = scen.select_dtypes("number")
    assert (numeric - twin[numeric.columns]).abs().to_numpy().max() == 0.0
    ledger = result.ledger()
    a = ledger[ledger["world"] == "scenario"].drop(columns="world").reset_index(drop=True)
    b = ledger[ledger["world"] == "twin"].drop(columns="world").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


@pytest.mark.slow  # property-based, two runs per example (make test-slow, CI)
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(run_configs(designs=("full_transposition", "existing_actors")))
def test_a_design_does_not_change_its_twin(overrides: list[str]) -> None:
    """Same people, same luck: the twin of a design run is the status-quo run of the same seed."""
    design_run, _ = simulate(overrides)
    baseline, _ = simulate(
        ["scenario=status_quo", *[o for o in overrides[1:] if not o.startswith(("scenario.", "territory.ebe"))]]
    )
    twin = design_run.timeseries().query("world == 'twin'").reset_index(drop=True)
    status_quo = baseline.timeseries().query("world == 'scenario'").drop(columns="world").reset_index(drop=True)
    columns = [c for c in status_quo.columns if c != "eligible"]
    pd.testing.assert_frame_equal(twin[columns], status_quo[columns], check_exact=True)
