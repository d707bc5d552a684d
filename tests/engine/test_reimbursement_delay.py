"""A fixed budget that reimburses expenditure months later: what the fund owes, pays and is
financed for, the project's advance, and the cash a project holder must advance meanwhile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.config.load import load_config
from sim.engine.fund import Fund
from sim.engine.paired import run_paired
from sim.ledger import Ledger

PILOT = ["scenario=walloon_pilot", "territory=walloon_pilot", "start=2023-04", "pipeline.vary_by_territory=[]"]


def fund(delay: int, advance: float = 0.0, n_ebes: int = 2) -> Fund:
    cfg = load_config(
        [
            *PILOT,
            f"scenario.fund.reimbursement_delay_months.value={delay}",
            f"scenario.fund.advance_share.value={advance}",
        ]
    )
    return Fund(cfg.scenario.fund, "tzcld_fund", n_ebes, 0)


def test_what_is_owed_is_paid_delay_months_later() -> None:
    f = fund(delay=3)
    assert f.claim(0, 0, 100.0, 10.0, 1.0) == (0.0, 0.0, 0.0)
    assert f.claim(0, 1, 50.0, 0.0, 0.0) == (0.0, 0.0, 0.0)
    assert f.receivable(0) == pytest.approx(111.0) and f.receivable(1) == pytest.approx(50.0)
    f.pending.pop(0, None)
    assert f.claim(1, 0, 200.0, 0.0, 0.0) == (0.0, 0.0, 0.0)
    assert f.claim(2, 0, 0.0, 0.0, 0.0) == (0.0, 0.0, 0.0)
    # month 3: the month-0 claims are paid, category by category, and counted as budget money
    assert f.claim(3, 0, 0.0, 0.0, 0.0) == (100.0, 10.0, 1.0)
    assert f.claim(3, 1, 0.0, 0.0, 0.0) == (50.0, 0.0, 0.0)
    assert f.budget_paid == pytest.approx(161.0)
    assert f.claim(4, 0, 0.0, 0.0, 0.0) == (200.0, 0.0, 0.0)


def test_without_delay_it_pays_at_once() -> None:
    f = fund(delay=0)
    assert f.claim(0, 0, 100.0, 10.0, 1.0) == (100.0, 10.0, 1.0)
    assert f.receivable(0) == 0.0 and f.budget_paid == pytest.approx(111.0)


def test_the_budget_s_payments_are_financed_in_its_shares_when_made() -> None:
    f = fund(delay=2)
    ledger = Ledger({"tzcld_fund": "payer", "european_funds": "payer", "walloon_region": "payer", "ebe_01": "ebe",
                     "onem": "payer", "federal_state": "payer", "cpas_commune": "payer"})  # fmt: skip
    f.claim(0, 0, 1000.0, 0.0, 0.0)
    f.finance(ledger, 0.0, 0, [], None)
    assert ledger.month_net_outflow("european_funds") == 0.0  # nothing paid yet, nothing financed
    ledger.close_month()
    f.claim(1, 0, 0.0, 0.0, 0.0)
    f.finance(ledger, 0.0, 1, [], None)
    ledger.close_month()
    paid = f.claim(2, 0, 0.0, 0.0, 0.0)
    ledger.post("tzcld_fund", "ebe_01", "per_fte_contribution", paid[0])
    f.finance(ledger, sum(paid), 2, [], None)
    # European funds 60 %, the Region 40 % of the 1,000 paid in month 2
    assert ledger.month_net_outflow("european_funds") == pytest.approx(600.0)
    assert ledger.month_net_outflow("walloon_region") == pytest.approx(400.0)
    assert f.pending == {} and f.budget_paid == 0.0


def test_the_advance_is_paid_from_the_budget() -> None:
    f = fund(delay=9, advance=0.05)
    assert f.pay_advance(0, 1) == pytest.approx(0.05 * 6_117_647)
    assert f.budget.spent[1] == pytest.approx(0.05 * 6_117_647) and f.budget.spent[0] == 0.0


@pytest.fixture(scope="module")
def delayed() -> tuple[pd.DataFrame, pd.DataFrame]:
    result = run_paired(load_config([*PILOT, "horizon_months=36"]))
    timeseries, ledger = result.timeseries(), result.ledger()
    return timeseries[timeseries.world == "scenario"].set_index("month"), ledger[ledger.world == "scenario"]


def test_in_a_run_the_first_reimbursement_comes_delay_months_after_the_first_expenditure(delayed) -> None:
    timeseries, ledger = delayed
    paid = ledger[(ledger.debtor == "tzcld_fund") & (ledger.creditor_kind == "ebe")]
    advance = paid[paid.category == "budget_advance"]
    # created 3 months after selection: the advance then, then nothing until 9 months after
    # the first month owed (the supervisors' pay from creation, once the holder's cash is low)
    assert advance.month.tolist() == [3]
    reimbursed = paid[paid.category != "budget_advance"]
    assert reimbursed.month.min() >= 3 + 9
    # what was paid is financed in the budget's shares, month by month
    financing = ledger[ledger.category == "fund_financing"].groupby("month").amount_eur.sum()
    outlays = paid.groupby("month").amount_eur.sum()
    pd.testing.assert_series_equal(financing.reindex(outlays.index), outlays, check_names=False)


def test_the_holder_s_cash_binds_hiring_while_it_waits(delayed) -> None:
    timeseries, _ = delayed
    no_delay = run_paired(
        load_config([*PILOT, "horizon_months=36", "scenario.fund.reimbursement_delay_months.value=0"])
    )
    without = no_delay.timeseries().query("world == 'scenario'").set_index("month")
    assert (timeseries["hiring_constraint"] == "cash").any()
    assert not (without["hiring_constraint"] == "cash").any()
    assert timeseries["ebe_cash_eur"].min() < without["ebe_cash_eur"].min()
    assert timeseries.loc[35, "ebe_employees"] < without.loc[35, "ebe_employees"]
    np.testing.assert_array_equal(timeseries.loc[:11, "ebe_employees"], without.loc[:11, "ebe_employees"])
