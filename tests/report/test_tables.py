"""Tables over the synthetic runs of conftest.py, checked against hand-computed numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.report import headline_table
from sim.report.tables import ALL_PAYERS

PAYER_NAMES = ["onem", "federal_state", "walloon_region", "cpas_commune", "tzcld_fund"]


def _cell(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


# --------------------------------------------------------------------------- headline
def test_headline_mean_min_max_over_seeds(runset):
    table = headline_table(runset.summaries)
    volunteers = _cell(table, scenario="full_transposition", indicator="volunteers_total")
    assert (volunteers["mean"], volunteers["min"], volunteers["max"]) == (12, 10, 14)
    assert volunteers["n_runs"] == 2
    activation = _cell(table, scenario="existing_actors", indicator="activation_rate")
    assert activation["mean"] == pytest.approx(0.6)
    assert (activation["min"], activation["max"]) == pytest.approx((0.5, 0.7))
    poverty = _cell(table, scenario="full_transposition", indicator="participants_poverty_rate")
    assert (poverty["mean"], poverty["min"], poverty["max"]) == pytest.approx((0.3, 0.2, 0.4))


def test_headline_ignores_nulls_and_counts_never_reached(runset):
    table = headline_table(runset.summaries)
    exhaustivity = _cell(table, scenario="full_transposition", indicator="months_to_exhaustivity")
    # Seed 1 reached exhaustivity after 8 months, seed 2 never did.
    assert (exhaustivity["mean"], exhaustivity["min"], exhaustivity["max"]) == (8, 8, 8)
    assert exhaustivity["n_null"] == 1
    per_fte = _cell(table, scenario="status_quo", indicator="public_spending_per_fte_year")
    assert per_fte["n_null"] == 2 and math.isnan(per_fte["mean"])


def test_headline_order_status_quo_first(runset):
    table = headline_table(runset.summaries)
    assert list(dict.fromkeys(table["scenario"])) == [
        "status_quo",
        "full_transposition",
        "existing_actors",
    ]
    assert len(table) == 3 * 18


def test_headline_rejects_missing_indicator(runset):
    with pytest.raises(ValueError, match="fte_years"):
        headline_table(runset.summaries.drop(columns="fte_years"))


# --------------------------------------------------------------------------- budget
def test_yearly_budget_matches_hand_computed_postings(yearly):
    def row(year, payer, seed=1):
        return _cell(yearly, scenario="full_transposition", seed=seed, year=year, payer=payer)

    # 2027: the fund pays 1000 k to the EBE and gets 600 k from ONEM (k = seed): the gross
    # budget charges the 600 k to ONEM, which feeds the fund, and 1000 - 600 to the fund.
    assert row(2027, "tzcld_fund")[["gross_eur", "net_eur"]].tolist() == [400, 400]
    # ONEM: pays 600 (fund) + 200 (benefits) in the scenario against 900 in the twin.
    assert row(2027, "onem")[["gross_eur", "net_eur"]].tolist() == [600, -100]
    assert row(2027, "onem", seed=2)["net_eur"] == 500
    # 2028: the Region's start-up grant; income tax received; RIS no longer paid.
    assert row(2028, "walloon_region")[["gross_eur", "net_eur"]].tolist() == [500, 500]
    assert row(2028, "federal_state", seed=2)["net_eur"] == -200
    assert row(2028, "cpas_commune")["net_eur"] == -300
    assert row(2028, "tzcld_fund", seed=2)["gross_eur"] == 4000


def test_yearly_budget_has_every_run_year_and_payer(yearly):
    assert len(yearly) == 6 * 2 * 5
    status_quo = yearly[yearly["scenario"] == "status_quo"]
    assert (status_quo[["gross_eur", "net_eur"]] == 0).all().all()


def test_budget_summary_over_seeds(budget):
    def row(scenario, year, payer):
        return _cell(budget, scenario=scenario, year=year, payer=payer)

    fund = row("full_transposition", 2027, "tzcld_fund")
    # Fund outlays 1000 k less 600 k fed by ONEM, for k = 1, 2.
    assert fund[["gross_eur_mean", "gross_eur_min", "gross_eur_max"]].tolist() == [
        600,
        400,
        800,
    ]
    onem = row("full_transposition", 2027, "onem")
    assert onem[["net_eur_mean", "net_eur_min", "net_eur_max"]].tolist() == [
        200,
        -100,
        500,
    ]
    # All payers, per run: 2027 net 1000 k - 700, 2028 net 1600 k - 400 (k = 1, 2).
    total_2027 = row("full_transposition", 2027, ALL_PAYERS)
    assert total_2027[["net_eur_mean", "net_eur_min", "net_eur_max"]].tolist() == [
        800,
        300,
        1300,
    ]
    total_2028 = row("full_transposition", 2028, ALL_PAYERS)
    assert total_2028[["net_eur_mean", "net_eur_min", "net_eur_max"]].tolist() == [
        2000,
        1200,
        2800,
    ]
    assert total_2028[["gross_eur_mean", "gross_eur_min", "gross_eur_max"]].tolist() == [3500, 2500, 4500]
    existing = row("existing_actors", 2027, ALL_PAYERS)
    assert existing[["gross_eur_mean", "net_eur_mean"]].tolist() == [1800, 1400]
    assert row("status_quo", 2028, ALL_PAYERS)["n_runs"] == 2


def test_budget_summary_total_row_last_in_each_year(budget):
    block = budget[(budget["scenario"] == "existing_actors") & (budget["year"] == 2027)]
    assert block["payer"].tolist() == [*PAYER_NAMES, ALL_PAYERS]


# --------------------------------------------------------------------------- cost items
def test_cost_items_per_fte_year_and_who_bears_them(runset):
    from sim.report.tables import COST_ITEMS, cost_items_table

    table = cost_items_table(runset.ledger, runset.summaries)
    assert len(table) == 3 * len(COST_ITEMS)
    # full transposition: the EBE pays 1,500 k of net wages over 10 k FTE-years: 150 per FTE-year
    wages = _cell(table, scenario="full_transposition", item="wage_bill")
    assert wages["borne"] and wages["mean"] == pytest.approx(150.0) and wages["n_runs"] == 2
    # the existing actors' operator posts no wage in these runs: it does not bear the item
    assert not _cell(table, scenario="existing_actors", item="wage_bill")["borne"]
    # nobody bears case work or deadweight here; the status quo has no FTE-years
    assert not table.loc[table["item"].isin(["deadweight", "public_services"]), "borne"].any()
    assert math.isnan(_cell(table, scenario="status_quo", item="wage_bill")["mean"])


def test_cost_items_print_a_dash_where_a_design_bears_nothing(runset):
    from sim.report import headline_table
    from sim.report.console import NOT_BORNE, format_console
    from sim.report.tables import cost_items_table

    text = format_console(
        headline_table(runset.summaries), cost_items=cost_items_table(runset.ledger, runset.summaries)
    )
    block = text[text.index("Costs each design bears, pilot") :]
    line = next(row for row in block.splitlines() if row.startswith("Wages, employee contributions and tax"))
    assert NOT_BORNE in line and "150" in line
