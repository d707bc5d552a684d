"""How the payers finance the TZCLD fund: fixed shares of its outlays, or their measured savings
against the status-quo twin (pilot, full transposition, hiring from month 0)."""

from __future__ import annotations

import factories as f
import numpy as np
import pandas as pd
import pytest

PAYERS = ("onem", "federal_state", "walloon_region", "cpas_commune", "european_funds")
FIXED = {"onem": 0.5, "federal_state": 0.2, "walloon_region": 0.2, "cpas_commune": 0.1}


def run(*overrides: str):
    cfg = f.config("horizon_months=18", "scenario.ebe.launch_delay_months.value=0", *overrides)
    result = f.run(cfg)
    ledger = result.ledger()
    return result, ledger[ledger["world"] == "scenario"], ledger[ledger["world"] == "twin"]


def outlays(month: pd.DataFrame) -> float:
    """What the fund pays out: per-FTE contributions, start-up grants and deficit top-ups."""
    return sum(
        f.postings(month, debtor="tzcld_fund", category=category)
        for category in ("per_fte_contribution", "startup_grant", "deficit_top_up")
    )


def test_fixed_shares() -> None:
    _, scenario, _ = run()
    months = sorted(scenario["month"].unique())
    assert outlays(scenario) > 0
    for t in months:
        month = scenario[scenario["month"] == t]
        paid_out = outlays(month)
        for payer, share in FIXED.items():
            transfer = f.postings(month, debtor=payer, creditor="tzcld_fund", category="fund_financing")
            # e.g. ONEM passes 50 % of the month's contributions and grants
            assert transfer == pytest.approx(share * paid_out, rel=1e-12, abs=1e-9), (t, payer)
        # the fund ends every month balanced
        assert f.net_outflow(month, "tzcld_fund") == pytest.approx(0.0, abs=1e-6 * max(paid_out, 1.0))
    assert f.postings(scenario, debtor="european_funds", category="fund_financing") == 0.0


def savings(scenario: pd.DataFrame, twin: pd.DataFrame, t: int, payer: str) -> float:
    """A payer's saving in month t: twin net outflow minus scenario net outflow (fund flows aside)."""
    scen = scenario[(scenario["month"] == t) & (scenario["category"] != "fund_financing")]
    return f.net_outflow(twin[twin["month"] == t], payer) - f.net_outflow(scen, payer)


@pytest.mark.parametrize("residual", ["", "walloon_region"])
def test_savings_each_payer_passes_its_saving(residual: str) -> None:
    _, scenario, twin = run("scenario.fund.financing=savings", f"scenario.fund.residual_payer={residual}")
    saved_months = 0
    for t in sorted(scenario["month"].unique()):
        month = scenario[scenario["month"] == t]
        received = 0.0
        for payer in PAYERS:
            saving = savings(scenario, twin, t, payer)
            expected = max(saving, 0.0)
            received += expected
            transfer = f.postings(month, debtor=payer, creditor="tzcld_fund", category="fund_financing")
            if payer == residual:
                continue
            assert transfer == pytest.approx(expected, rel=1e-9, abs=1e-6), (t, payer, saving)
            saved_months += expected > 0
        paid_out = outlays(month)
        if residual:
            # the residual payer passes its own saving and covers what is still missing
            own = max(savings(scenario, twin, t, residual), 0.0)
            transfer = f.postings(month, debtor=residual, creditor="tzcld_fund", category="fund_financing")
            assert transfer == pytest.approx(own + max(paid_out - received, 0.0), rel=1e-9, abs=1e-6)
    assert saved_months > 0  # the test saw real savings


def test_savings_without_residual_leaves_the_fund_in_deficit() -> None:
    result, scenario, twin = run("scenario.fund.financing=savings", "scenario.fund.residual_payer=")
    fund_net = f.net_outflow(scenario, "tzcld_fund")
    # the fund pays out more than the savings it receives, and that is its own net cost
    assert fund_net > 0
    series = result.timeseries()
    scen = series[series["world"] == "scenario"]
    np.testing.assert_allclose(scen["net_spending_tzcld_fund_eur"].sum(), fund_net, rtol=1e-9)
