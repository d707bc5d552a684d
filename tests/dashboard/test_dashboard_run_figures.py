"""sim.dashboard.run_figures on small fixed data: the numbers in the traces are the hand-computed ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from figure_inputs import summary_runs as _runs
from figure_inputs import trace as _trace

from sim.dashboard import run_figures as F
from sim.dashboard import sankey as S
from sim.dashboard import style

KINDS = {
    "onem": "payer",
    "federal_state": "payer",
    "walloon_region": "payer",
    "tzcld_fund": "payer",
    "ebe_01": "ebe",
    "ebe_02": "ebe",
    "households": "household",
    "local_businesses": "firm",
    "cpas_article60": "operator",
}
PAYERS = [("onem", "ONEM"), ("federal_state", "Federal"), ("walloon_region", "Region"), ("tzcld_fund", "Fund")]


def _timeseries() -> pd.DataFrame:
    """3 runs (k = 1, 2, 5), 3 months: scenario ebe_fte = 10 k + m, twin = 100 + k."""
    rows = []
    for k in (1, 2, 5):
        for m in range(3):
            for world, value in (("scenario", 10.0 * k + m), ("twin", 100.0 + k)):
                rows.append(
                    {
                        "run_id": f"run{k}",
                        "scenario": "full_transposition",
                        "territory": "pilot",
                        "seed": k,
                        "month": m,
                        "date": pd.Timestamp(2027, m + 1, 1),
                        "world": world,
                        "ebe_fte": value,
                    }
                )
    return pd.DataFrame(rows)


def test_fan_chart_median_and_bands_are_the_quantiles_over_runs() -> None:
    fig = F.fan_chart(_timeseries(), "ebe_fte", "en", show_twin=True)
    months = np.arange(3)
    # Values 10+m, 20+m, 50+m: numpy's linear quantiles by hand.
    expected = {"median": 20 + months, "p25": 15 + months, "p75": 35 + months, "p05": 11 + months, "p95": 47 + months}
    for stat, values in expected.items():
        np.testing.assert_allclose(np.asarray(_trace(fig, stat=stat).y, dtype=float), values)
    np.testing.assert_allclose(np.asarray(_trace(fig, stat="twin_median").y, dtype=float), [102.0] * 3)
    assert _trace(fig, stat="p05").fill == "tonexty" and _trace(fig, stat="p25").fill == "tonexty"
    assert _trace(fig, stat="median").name == "Full transposition"


def test_fan_chart_against_the_twin_takes_differences_run_by_run() -> None:
    fig = F.fan_chart(_timeseries(), "ebe_fte", "en", versus_twin=True)
    # Differences (10k + m) - (100 + k) = 9k + m - 100 for k = 1, 2, 5: -91, -82, -55 (+ m).
    months = np.arange(3)
    np.testing.assert_allclose(np.asarray(_trace(fig, stat="median").y, dtype=float), -82 + months)
    np.testing.assert_allclose(np.asarray(_trace(fig, stat="p95").y, dtype=float), -82 + 0.9 * 27 + months)
    assert "scenario minus twin" in fig.layout.title.text


def test_fan_chart_labels_switch_with_language() -> None:
    english = F.fan_chart(_timeseries(), "ebe_fte", "en")
    french = F.fan_chart(_timeseries(), "ebe_fte", "fr")
    assert english.layout.title.text == "EBE jobs" and english.layout.yaxis.title.text == "FTE"
    assert french.layout.title.text == "Emplois EBE" and french.layout.yaxis.title.text == "ETP"
    assert _trace(french, stat="median").name == "Transposition complète"


def _posting(run: str, month: int, world: str, debtor: str, creditor: str, category: str, amount: float) -> dict:
    return {
        "run_id": run,
        "scenario": "full_transposition",
        "territory": "pilot",
        "seed": int(run[-1]),
        "month": month,
        "date": pd.Timestamp(2027 + month // 12, month % 12 + 1, 1),
        "world": world,
        "debtor": debtor,
        "creditor": creditor,
        "category": category,
        "amount_eur": amount,
        "debtor_kind": KINDS[debtor],
        "creditor_kind": KINDS[creditor],
    }


def _ledger() -> pd.DataFrame:
    rows = []
    for k in (1, 2):
        run = f"run{k}"
        rows += [
            _posting(run, 0, "scenario", "tzcld_fund", "ebe_01", "per_fte_contribution", 1000.0 * k),
            _posting(run, 1, "scenario", "tzcld_fund", "ebe_02", "per_fte_contribution", 500.0),
            _posting(run, 0, "scenario", "onem", "tzcld_fund", "fund_financing", 600.0 * k),
            _posting(run, 0, "scenario", "onem", "households", "unemployment_benefit", 200.0),
            _posting(run, 0, "twin", "onem", "households", "unemployment_benefit", 900.0),
            _posting(run, 0, "scenario", "ebe_01", "households", "wage_net", 700.0 * k),
            _posting(run, 0, "scenario", "local_businesses", "households", "wage_net", 50000.0),
            _posting(run, 0, "scenario", "local_businesses", "onem", "employer_contribution", 9000.0),
            _posting(run, 0, "scenario", "local_businesses", "ebe_01", "displaced_sales", 30.0),
            _posting(run, 12, "scenario", "walloon_region", "cpas_article60", "subsidy", 1200.0 * k),
            _posting(run, 12, "scenario", "ebe_01", "federal_state", "income_tax", 100.0 * k),
            _posting(run, 13, "twin", "federal_state", "households", "unemployment_benefit", 300.0),
        ]
    return pd.DataFrame(rows)


def test_payer_bars_are_mean_net_costs_and_sum_to_the_total() -> None:
    fig = F.payer_bars(_ledger(), PAYERS, "en")
    bars = {t.meta["payer"]: dict(zip(t.x, t.y, strict=True)) for t in fig.data if t.type == "bar"}
    # Net = scenario outflow - inflow, minus the same in the twin; mean over runs k = 1, 2.
    # onem 2027: scenario (600k + 200) - 9000 received, twin 900 -> 600k - 9700; mean k = 1.5.
    assert bars["onem"][2027] == pytest.approx(600 * 1.5 + 200 - 9000 - 900)
    # The fund: receives 600k, pays 1000k + 500 -> net 400k + 500.
    assert bars["tzcld_fund"][2027] == pytest.approx(400 * 1.5 + 500)
    assert bars["walloon_region"][2028] == pytest.approx(1200 * 1.5)
    # Federal state 2028: receives 100k in the scenario; the twin pays 300 -> -100k - 300.
    assert bars["federal_state"][2028] == pytest.approx(-100 * 1.5 - 300)
    total = _trace(fig, payer="all_payers")
    for position, year in enumerate(total.x):
        assert total.y[position] == pytest.approx(sum(values.get(year, 0.0) for values in bars.values()))
    # The total's interval spans the runs' totals (2 runs: 5 % and 95 % of their range).
    totals_2027 = [600 * k + 200 - 9000 - 900 + 400 * k + 500 for k in (1, 2)]
    upper = total.y[0] + total.error_y.array[0]
    assert upper == pytest.approx(totals_2027[0] + 0.95 * (totals_2027[1] - totals_2027[0]))
    assert fig.layout.barmode == "relative"


def _links(trace) -> dict:
    """(source, target, category label) -> euros of a Sankey trace."""
    nodes, divisor = trace.meta["nodes"], trace.meta["divisor"]
    return {
        (nodes[s], nodes[t], label): value * divisor
        for s, t, label, value in zip(
            trace.link.source, trace.link.target, trace.link.label, trace.link.value, strict=True
        )
    }


def test_sankey_draws_the_scheme_money_of_one_year_over_runs() -> None:
    ledger = _ledger()
    trace = S.sankey(ledger, 2027, "en").data[0]
    links = _links(trace)
    # EBEs grouped into one node; mean over the 2 runs.
    assert links[("tzcld_fund", "ebe", "Per-FTE contribution")] == pytest.approx(1000 * 1.5 + 500)
    assert links[("onem", "tzcld_fund", "Fund financing")] == pytest.approx(600 * 1.5)
    assert links[("ebe", "households", "Net wages")] == pytest.approx(700 * 1.5)
    assert links[("local_businesses", "ebe", "Displaced sales")] == pytest.approx(30.0)
    # Flows that exist in the status quo too (benefits, firms' payroll) are left out and reported.
    assert not any(label in ("Net wages", "Unemployment benefits") and s != "ebe" for s, _, label in links)
    assert trace.meta["left_out_eur"] == pytest.approx(200.0 + 50000.0 + 9000.0)
    scenario_2027 = ledger[(ledger["world"] == "scenario") & (ledger["month"] < 12)]
    assert sum(links.values()) == pytest.approx((scenario_2027["amount_eur"].sum() - 2 * 59200.0) / 2)
    assert "Households" in trace.node.label and "EBEs" in trace.node.label


def test_sankey_reads_left_to_right_without_loops() -> None:
    ledger = _ledger()
    extra = [
        _posting("run1", 0, "scenario", "ebe_01", "ebe_02", "sales", 400.0),  # between EBEs: no flow
        _posting("run1", 0, "scenario", "ebe_01", "tzcld_fund", "fund_financing", 80.0),  # backwards
        _posting("run1", 0, "scenario", "ebe_01", "onem", "employer_contribution", 120.0),
    ]
    trace = S.sankey(pd.concat([ledger, pd.DataFrame(extra)], ignore_index=True), 2027, "en").data[0]
    columns = trace.meta["columns"]
    assert all(columns[s] < columns[t] for s, t in zip(trace.link.source, trace.link.target, strict=True))
    assert all(s != t for s, t in zip(trace.link.source, trace.link.target, strict=True))
    links = _links(trace)
    assert ("ebe", "ebe", "Sales") not in links
    # a payment back to the fund or to a payer goes to the receivers' column, named so
    assert links[("ebe", "tzcld_fund", "Fund financing")] == pytest.approx(40.0)
    labels = dict(zip(range(len(trace.node.label)), trace.node.label, strict=True))
    receivers = [labels[t] for s, t in zip(trace.link.source, trace.link.target, strict=True) if columns[t] == 4]
    assert "TZCLD fund (receipts)" in receivers and "Social security (ONSS / ONEM) (receipts)" in receivers
    # nodes of a column are spaced so that their labels do not overlap
    for column in set(columns):
        ys = sorted(y for y, c in zip(trace.node.y, columns, strict=True) if c == column)
        assert all(b - a >= S.LABEL_GAP - 1e-9 for a, b in zip(ys, ys[1:], strict=False))


def test_sankey_refuses_several_designs_or_territories() -> None:
    ledger = _ledger()
    other = ledger.assign(scenario="existing_actors")
    with pytest.raises(style.PooledError, match="one design in one territory"):
        S.sankey(pd.concat([ledger, other]), 2027, "en")
    with pytest.raises(style.PooledError):
        F.payer_bars(pd.concat([ledger, ledger.assign(territory="coeur_du_hainaut")]), PAYERS, "en")


def test_sankey_by_year_has_one_trace_per_year_and_a_menu() -> None:
    fig = S.sankey_by_year(_ledger(), "fr")
    assert [t.meta["year"] for t in fig.data] == [2027, 2028]
    assert [t.visible for t in fig.data] == [True, False]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["2027", "2028"]
    assert buttons[1].args[0]["visible"] == [False, True]
    links_2028 = {label: value for (_, _, label), value in _links(fig.data[1]).items()}
    assert links_2028 == pytest.approx({"Subventions": 1800.0, "Impôt sur le revenu": 150.0})


def test_headline_cards_are_medians_with_5_95_intervals() -> None:
    cards = {(c.scenario, c.indicator): c for c in F.headline_cards(_runs(), "en")}
    fte = cards[("full_transposition", "scheme_fte_end")]
    assert (fte.median, fte.p05, fte.p95, fte.n) == pytest.approx((14.0, 10.4, 17.6, 5))
    assert fte.value == "14" and fte.interval == "[10.4 – 17.6]"
    exhaustivity = cards[("existing_actors", "months_to_exhaustivity")]
    assert exhaustivity.n == 3 and exhaustivity.n_null == 2 and exhaustivity.median == 23.0
    assert exhaustivity.interval.endswith("(never 2/5)")
    spending = cards[("full_transposition", "public_spending_eur")]
    assert spending.value == "2.2 M€" and spending.interval == "[2.0 M€ – 2.4 M€]"
    french = {(c.scenario, c.indicator): c for c in F.headline_cards(_runs(), "fr")}
    assert french[("full_transposition", "public_spending_eur")].value == "2,2 M€"
    assert french[("full_transposition", "activation_rate")].title == "Taux d'activation (évité / dépensé)"
    assert [c.scenario for c in cards.values()][0] == "status_quo"
