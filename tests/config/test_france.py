"""The France configuration composes, validates and runs; French flows reach French payers; the
Belgian configuration's outputs do not depend on the French additions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim import accounts as acc
from sim.calendar import parse_month
from sim.config.load import load_config
from sim.config.validate import ConfigError, validate
from sim.engine.paired import run_paired
from sim.engine.state import Status
from sim.rules import benefits, in_work_benefit
from sim.rules.scheme import legislated_scenario

FRANCE = ["scenario=full_transposition", "territory=france_reference", "policy=france", "horizon_months=36"]
BELGIUM = ["scenario=full_transposition", "territory=pilot", "horizon_months=24"]
FRENCH_PAYERS = {"state", "departement", "unedic", "securite_sociale", "etcld_fund", "communes"}


@pytest.fixture(scope="module")
def france_cfg():
    return load_config(FRANCE)


@pytest.fixture(scope="module")
def france_run(france_cfg):
    return run_paired(france_cfg)


@pytest.fixture(scope="module")
def france_ledger(france_run):
    return france_run.ledger()


def test_composes_and_validates_with_french_eligibility(france_cfg) -> None:
    validate(france_cfg)
    assert france_cfg.scenario.volunteering.eligibility_min_months.value == 12
    assert {p.name for p in france_cfg.policy.payers} == FRENCH_PAYERS
    # the legislated fund rules replace the Belgian transposition's
    fund = legislated_scenario(france_cfg.scenario, france_cfg.policy).fund
    assert (fund.contribution_basis, fund.contribution_share_of_wage.value) == ("gross", 0.95)
    assert set(fund.fixed_shares) == {"state"}


def test_command_line_still_overrides_the_french_eligibility() -> None:
    cfg = load_config([*FRANCE, "scenario.volunteering.eligibility_min_months.value=18"])
    assert cfg.scenario.volunteering.eligibility_min_months.value == 18


def test_invalid_french_policy_is_refused_naming_the_key() -> None:
    cfg = load_config(FRANCE)
    cfg.policy.scheme_funding.fund_shares["onem"] = cfg.policy.scheme_funding.fund_shares.pop("state")
    cfg.policy.routing.in_work_benefit = ""
    with pytest.raises(ConfigError) as error:
        validate(cfg)
    text = str(error.value)
    assert "policy.scheme_funding.fund_shares.onem = 'onem' is not a listed payer" in text
    assert "policy.routing.in_work_benefit is empty" in text


def test_french_payers_in_the_ledger(france_ledger) -> None:
    scenario = france_ledger[france_ledger["world"] == "scenario"]
    payers = set(scenario.loc[scenario["debtor_kind"] == acc.PAYER, "debtor"]) | set(
        scenario.loc[scenario["creditor_kind"] == acc.PAYER, "creditor"]
    )
    assert payers == FRENCH_PAYERS
    by_category = scenario.groupby("category")["debtor"].unique()
    assert list(by_category[acc.RIS]) == ["departement"]
    assert list(by_category[acc.UNEMPLOYMENT_BENEFIT]) == ["unedic"]
    assert list(by_category[acc.SOLIDARITY_ALLOWANCE]) == ["state"]
    assert list(by_category[acc.IN_WORK_BENEFIT]) == ["state"]
    assert list(by_category[acc.LOCAL_COFUNDING]) == ["departement"]
    assert list(by_category[acc.FUND_FINANCING]) == ["state"]


def test_cde_is_95_percent_of_the_gross_smic_plus_15_percent_per_fte(france_run, france_ledger) -> None:
    ts = france_run.timeseries()
    scenario = france_ledger[france_ledger["world"] == "scenario"]
    checked = 0
    for month in (20, 35):  # 2028-09 and 2029-12, after the 12-month launch delay
        fte = float(ts.loc[(ts["world"] == "scenario") & (ts["month"] == month), "ebe_fte"].iloc[0])
        assert fte > 0
        year = 2027 + month // 12
        smic = 1801.80 * 1.02 ** (year - 2025)  # last dated SMIC (2025-01), indexed each January
        rows = scenario[scenario["month"] == month].set_index("category")["amount_eur"]
        assert rows[acc.PER_FTE_CONTRIBUTION] == pytest.approx(0.95 * smic * fte, rel=1e-9)
        assert rows[acc.LOCAL_COFUNDING] == pytest.approx(0.15 * 0.95 * smic * fte, rel=1e-9)
        checked += 1
    assert checked == 2


def _hand_prime(earnings: np.ndarray, month_index: int) -> np.ndarray:
    """CSS L842-3 for a single person, written out again from the decrees' values."""
    base = 638.28 * 1.02 ** (month_index // 12 - 2026)  # last dated base amount: April 2026
    smic_hour = 1801.80 * 1.02 ** (month_index // 12 - 2025) / 151.67
    ramp = np.clip((earnings - 59 * smic_hour) / ((120 - 59) * smic_hour), 0, 1)
    amount = base + 0.5985 * earnings + ramp * 0.29101 * base - np.maximum(earnings, base)
    return 0.8 * np.where((earnings > 0) & (amount >= 15), amount, 0.0)


def test_prime_paid_by_the_state_to_ebe_and_low_wage_workers(france_run, france_ledger) -> None:
    model, cfg = france_run.scenario, france_run.cfg
    last = cfg.horizon_months - 1
    month_index = parse_month(cfg.start) + last
    s, n = model.state, model.n_present
    status = s.status[:n]
    ebe_fte = s.fte[:n][status == Status.EBE].astype(np.float64)
    ordinary = int(np.count_nonzero(status == Status.ORDINARY))
    smic = 1801.80 * 1.02 ** (month_index // 12 - 2025)
    net = smic * (1 - 0.2084)
    expected = (
        _hand_prime(ebe_fte * net, month_index).sum() + ordinary * _hand_prime(np.array([1.1 * net]), month_index)[0]
    )
    rows = france_ledger[(france_ledger["world"] == "scenario") & (france_ledger["month"] == last)]
    paid = rows.loc[rows["category"] == acc.IN_WORK_BENEFIT]
    assert list(paid["debtor"]) == ["state"] and list(paid["creditor"]) == [acc.HOUSEHOLDS]
    assert float(paid["amount_eur"].iloc[0]) == pytest.approx(expected, rel=1e-9)
    # EBE workers add to what the State pays in the twin (same people, no scheme)
    totals = france_ledger[france_ledger["category"] == acc.IN_WORK_BENEFIT].groupby("world")["amount_eur"].sum()
    assert totals["scenario"] > totals["twin"] > 0
    assert in_work_benefit.monthly_amounts(cfg.policy, month_index, np.array([net]))[0] > 0


def test_french_run_writes_ass_counts(france_run) -> None:
    ts = france_run.timeseries()
    assert "on_solidarity_allowance" in ts.columns
    assert ts["on_solidarity_allowance"].max() > 0


def _belgian_frames(monkeypatch: pytest.MonkeyPatch) -> tuple[pd.DataFrame, pd.DataFrame]:
    # with the Belgian policy, none of the French rules may even be consulted
    def refuse(*args, **kwargs):
        raise AssertionError("a French rule was used in a Belgian run")

    monkeypatch.setattr(in_work_benefit, "monthly_amounts", refuse)
    monkeypatch.setattr(benefits, "solidarity_amount", refuse)
    monkeypatch.setattr(benefits, "solidarity_share", refuse)
    result = run_paired(load_config(BELGIUM))
    return result.timeseries(), result.ledger()


def test_belgian_outputs_do_not_depend_on_the_french_additions(monkeypatch) -> None:
    cfg = load_config(BELGIUM)
    assert cfg.policy.in_work_benefit is None and cfg.policy.scheme_funding is None
    assert legislated_scenario(cfg.scenario, cfg.policy) is cfg.scenario
    ts, ledger = _belgian_frames(monkeypatch)
    monkeypatch.undo()
    assert "on_solidarity_allowance" not in ts.columns
    assert not ledger["category"].isin([acc.IN_WORK_BENEFIT, acc.SOLIDARITY_ALLOWANCE]).any()
    # the general-reduction branch is off: Belgian employer contributions follow the structural formula
    assert cfg.policy.wages.general_reduction_max is None
    assert cfg.policy.unemployment_insurance.rights_per_month_worked is None
