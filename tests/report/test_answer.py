"""sim.report.answer: the one-table answer as data, its header and its downloads."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from sim.dashboard import glossary
from sim.report import answer as A


def _runs(**extra_columns) -> pd.DataFrame:
    """Two replications of each design in the pilot, net costs in euros, one design without jobs."""
    rows = []
    for scenario, cost, people in (("full_transposition", 5.0e6, 108), ("existing_actors", 1.2e6, 44)):
        for seed, shift in ((0, -0.1e6), (1, 0.1e6)):
            rows.append(
                {
                    "status": "ok",
                    "territory": "pilot",
                    "scenario": scenario,
                    "seed": seed,
                    "start": "2027-01",
                    "horizon_months": 36,
                    "scheme_people_end": people + seed,
                    "months_to_exhaustivity": 23.0 if scenario == "full_transposition" else None,
                    "net_public_cost_eur": cost + shift,
                    "net_cost_by_payer_eur.onem": -3.5e5 + shift,
                    "net_cost_by_payer_eur.cpas_commune": 0.0,
                }
            )
    rows.append({**rows[0], "scenario": "status_quo", "net_public_cost_eur": 0.0})
    return pd.DataFrame(rows).assign(**extra_columns)


def test_the_answer_is_one_row_per_territory_design_and_row_with_medians_and_intervals() -> None:
    runs = _runs()
    table = A.answer_table(runs, [("onem", "ONEM"), ("cpas_commune", "CPAS")], "en")
    assert list(table.columns) == A.COLUMNS
    # the designs side by side, the status quo left out, never pooled
    assert list(dict.fromkeys(table["design"])) == ["full_transposition", "existing_actors"]
    cost = table[(table["row"] == "net_public_cost_eur") & (table["design"] == "full_transposition")].iloc[0]
    assert cost["median"] == pytest.approx(5.0e6) and cost["p05"] < cost["median"] < cost["p95"]
    assert cost["n"] == 2 and cost["kind"] == "eur"
    # a payer whose net cost is zero in every run has no row; the others are named with the sign
    payers = table.loc[table["row"].str.startswith(A.PAYER_PREFIX), "row"].unique().tolist()
    assert payers == ["net_cost_by_payer_eur.onem"]
    assert "Net cost (+) or saving (−)" in table.loc[table["row"] == payers[0], "label"].iloc[0]
    # exhaustivity never reached counts the runs, it is not a missing indicator
    never = table[(table["row"] == "months_to_exhaustivity") & (table["design"] == "existing_actors")].iloc[0]
    assert never["available"] and never["n"] == 0 and never["n_missing"] == 2


def test_a_row_the_runs_lack_says_so_and_a_row_without_a_value_reads_na() -> None:
    older = A.answer_table(_runs(), (), "en")
    row = older[older["row"] == "eval_net_cost_per_fte_year"].iloc[0]
    assert not row["available"]
    display, _ = A.answer_display(older, "en")["pilot"]
    assert display.filter(like="first 12 months", axis=0).iloc[0].tolist() == ["not available for these runs"] * 2

    # issue 10's runs have the grant per job, null where no job is created (existing actors)
    newer = _runs(startup_grant_per_job_created_eur=[6200.0, 6200.0, None, None, 6200.0])
    display, keys = A.answer_display(A.answer_table(newer, (), "fr"), "fr")["pilot"]
    cells = display.iloc[keys.index("startup_grant_per_job_created_eur")].tolist()
    assert cells == ["6\u202f200", "n.d."]  # French thousands with a narrow no-break space


def test_every_row_of_the_answer_and_of_the_evaluation_table_has_a_glossary_entry() -> None:
    keys = [row.key for row in (*A.ROWS, *A.EVALUATION_ROWS)] + ["net_cost_by_payer_eur.onem"]
    missing = [key for key in keys if glossary.term_of(key) not in glossary.TERMS]
    assert missing == []


def test_the_header_states_period_price_basis_sign_and_the_convention_when_stated() -> None:
    old = A.answer_header(_runs(), "fr")
    assert "janv. 2027 – déc. 2029 (36 mois)" in old and "euros courants" in old and "scénario moins jumeau" in old
    assert "Convention comptable" not in old  # older runs state none: nothing invented
    new = A.answer_header(_runs(price_basis="nominal", accounting_convention="consolidated"), "en")
    assert new.endswith("Accounting convention: public payers consolidated.")
    assert "Median over 2 replications" in new


def test_downloads_read_back_in_csv_and_xlsx_and_refuse_other_formats() -> None:
    runs = _runs()
    frame = A.download_frame(A.answer_table(runs, [("onem", "ONEM")], "en"), runs, "en")
    csv = A.to_bytes(frame, "csv")
    assert csv.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back.shape == frame.shape and "Net public cost" in " ".join(back["Indicator"])
    xlsx = A.to_bytes(frame, "xlsx", about="header line", sheet="Answer", about_sheet="About")
    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None)
    assert list(sheets) == ["Answer", "About"] and sheets["Answer"].shape == frame.shape
    with pytest.raises(ValueError, match="accepted: csv, xlsx"):
        A.to_bytes(frame, "pdf")


def test_the_evaluation_table_sets_the_constant_price_figure_beside_the_nominal_one() -> None:
    runs = _runs(
        price_basis="nominal",
        price_base_year=2027,
        eval_net_cost_per_fte_year=37_100.0,
        **{"constant_prices.eval_net_cost_per_fte_year": 35_900.0},
    )
    table = A.answer_table(runs, None, "en", rows=A.EVALUATION_ROWS)
    row = table[table["row"] == "constant_prices.eval_net_cost_per_fte_year"].iloc[0]
    assert row["median"] == 35_900.0 and row["kind"] == "eur_fte_year"
    assert row["label"] == "Net public cost per FTE-year, first 12 months, in constant euros of the base year"
    assert glossary.term_of(row["row"]) == "price_basis"
    assert "(nominal); constant prices: euros of 2027." in A.answer_header(runs, "en")
    assert "(nominaux) ; prix constants : euros de 2027." in A.answer_header(runs, "fr")
