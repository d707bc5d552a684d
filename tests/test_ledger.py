"""The double-entry ledger: postings, balances, monthly closing, refusals."""

from __future__ import annotations

import math

import pytest

from sim.ledger import Ledger, LedgerError

ACCOUNTS = {"onem": "payer", "cpas": "payer", "households": "household", "ebe_01": "ebe"}


def test_postings_aggregate_by_month_debtor_creditor_category() -> None:
    ledger = Ledger(ACCOUNTS)
    ledger.post("onem", "households", "unemployment_benefit", 100.0)
    ledger.post("onem", "households", "unemployment_benefit", 50.5)
    ledger.post("cpas", "households", "ris", 30.0)
    ledger.close_month()
    ledger.post("onem", "households", "unemployment_benefit", 10.0)
    ledger.close_month()
    frame = ledger.to_frame()
    rows = {(r.month, r.debtor, r.creditor, r.category): r.amount_eur for r in frame.itertuples()}
    assert rows == {
        (0, "cpas", "households", "ris"): 30.0,
        (0, "onem", "households", "unemployment_benefit"): 150.5,
        (1, "onem", "households", "unemployment_benefit"): 10.0,
    }
    assert set(frame["debtor_kind"]) == {"payer"}
    assert set(frame["creditor_kind"]) == {"household"}


def test_balances_are_received_minus_paid() -> None:
    ledger = Ledger(ACCOUNTS)
    ledger.post("onem", "ebe_01", "per_fte_contribution", 1000.0)
    ledger.post("ebe_01", "households", "wage_net", 800.0)
    ledger.post("ebe_01", "onem", "employer_contribution", 150.0)
    ledger.close_month()
    # onem: -1,000 + 150 = -850; ebe: 1,000 - 800 - 150 = 50; households: +800; cpas: 0
    assert ledger.balances().to_dict() == {"cpas": 0.0, "ebe_01": 50.0, "households": 800.0, "onem": -850.0}
    assert sum(ledger.balances()) == pytest.approx(0.0)
    assert ledger.max_abs_imbalance() == pytest.approx(0.0, abs=1e-9)


def test_month_net_outflow_and_exclusions() -> None:
    ledger = Ledger(ACCOUNTS)
    ledger.post("onem", "households", "unemployment_benefit", 500.0)
    ledger.post("cpas", "onem", "fund_financing", 70.0)
    # onem paid 500, received 70
    assert ledger.month_net_outflow("onem") == pytest.approx(430.0)
    assert ledger.month_net_outflow("onem", exclude=frozenset({"fund_financing"})) == pytest.approx(500.0)
    assert ledger.month_net_outflow("households") == pytest.approx(-500.0)
    net = ledger.close_month()
    assert net["onem"] == pytest.approx(430.0) and net["cpas"] == pytest.approx(70.0)
    # a new month starts empty
    assert ledger.month_net_outflow("onem") == 0.0


def test_zero_postings_are_not_stored() -> None:
    ledger = Ledger(ACCOUNTS)
    ledger.post("onem", "households", "unemployment_benefit", 0.0)
    ledger.close_month()
    assert ledger.to_frame().empty
    assert ledger.max_abs_imbalance() == 0.0


@pytest.mark.parametrize("amount", [-1.0, math.nan, math.inf])
def test_refuses_negative_or_non_finite_amounts(amount: float) -> None:
    ledger = Ledger(ACCOUNTS)
    with pytest.raises(LedgerError, match="not a finite amount"):
        ledger.post("onem", "households", "unemployment_benefit", amount)


def test_refuses_unknown_accounts() -> None:
    ledger = Ledger(ACCOUNTS)
    with pytest.raises(LedgerError, match="unknown account 'nobody'"):
        ledger.post("nobody", "households", "ris", 1.0)
    with pytest.raises(LedgerError, match="unknown account 'nobody'"):
        ledger.post("onem", "nobody", "ris", 1.0)
