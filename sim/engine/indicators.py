"""Summary indicators of a paired run (``summary.json``), each an aggregation of the ledger or of
the monthly series; the names are those of the results contract."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim import accounts as acc
from sim.engine.model import TZCLDModel
from sim.engine.paired import PairedResult

EXHAUSTIVITY_MAX_WAIT_MONTHS = 3


def _per(value: float, denominator: float) -> float | None:
    return None if denominator <= 0 else float(value / denominator)


def _clean(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _closed(model: TZCLDModel) -> bool:
    """Whether the scheme had closed for good by the end (a fixed budget under ``close``)."""
    return model.fund is not None and model.fund.closed(model.t)


def months_to_exhaustivity(scenario: pd.DataFrame) -> int | None:
    """First month from which no volunteer has waited more than 3 months, after the first hire."""
    hires = scenario["hires"].to_numpy()
    if not hires.any():
        return None
    first_hire = int(np.argmax(hires > 0))
    late = scenario["longest_wait_months"].to_numpy() > EXHAUSTIVITY_MAX_WAIT_MONTHS
    if late[-1]:
        return None
    last_late = int(np.flatnonzero(late)[-1]) if late.any() else -1
    return int(max(first_hire, last_late + 1))


def net_outflow_by_payer(ledger: pd.DataFrame, world: str, payers: list[str]) -> pd.Series:
    """Each payer's payments minus receipts over the horizon in one world."""
    rows = ledger[ledger["world"] == world]
    paid = rows.groupby("debtor")["amount_eur"].sum()
    received = rows.groupby("creditor")["amount_eur"].sum()
    return paid.reindex(payers, fill_value=0.0) - received.reindex(payers, fill_value=0.0)


def summarise(result: PairedResult, timeseries: pd.DataFrame, ledger: pd.DataFrame) -> dict:
    """Every indicator of ``summary.json`` for one paired run."""
    cfg, model, twin = result.cfg, result.scenario, result.twin
    s, n = model.state, model.n_present
    scen = timeseries[timeseries["world"] == "scenario"].sort_values("month")
    payers = model.payer_names
    in_scenario = ledger[ledger["world"] == "scenario"]

    fte_years = float((scen["ebe_fte"] + scen["subsidised_fte"]).sum() / 12.0)
    public_spending = float(
        in_scenario.loc[
            (in_scenario["debtor_kind"] == acc.PAYER) & in_scenario["category"].isin(acc.SCHEME_FUNDING_CATEGORIES),
            "amount_eur",
        ].sum()
    )
    employer_costs = float(
        in_scenario.loc[
            in_scenario["debtor_kind"].isin([acc.EBE, acc.OPERATOR])
            & in_scenario["category"].isin(acc.EMPLOYER_COST_CATEGORIES),
            "amount_eur",
        ].sum()
    )
    net_by_payer = net_outflow_by_payer(ledger, "scenario", payers) - net_outflow_by_payer(ledger, "twin", payers)
    net_public_cost = float(net_by_payer.sum())
    avoided = public_spending - net_public_cost
    totals = model.totals
    poverty, poverty_twin = totals.participants_poverty
    trained = coached = 0
    for op in model.operators:
        if op.kind == "training":
            trained += op.entries
        elif op.kind == "coaching":
            coached += op.entries

    return {
        "scenario": cfg.scenario.name,
        "design": cfg.scenario.design,
        "territory": cfg.territory.name,
        "seed": cfg.seed,
        "start": cfg.start,
        "horizon_months": cfg.horizon_months,
        "payers": [{"name": p.name, "label": p.label} for p in model.payers],
        "volunteers_total": int(np.count_nonzero(s.first_volunteer_month[:n] >= 0)),
        "hired_total": int(np.count_nonzero(s.first_hire_month[:n] >= 0)),
        "trained_total": trained,
        "coached_total": coached,
        "ebe_fte_end": float(scen["ebe_fte"].iloc[-1]),
        "subsidised_fte_end": float(scen["subsidised_fte"].iloc[-1]),
        "waitlist_peak": int(scen["volunteers_waiting"].max()),
        "waitlist_end": int(scen["volunteers_waiting"].iloc[-1]),
        # a scheme that closed (fixed budget, after_budget: close) guarantees no job at the end
        "months_to_exhaustivity": (months_to_exhaustivity(scen) if model.has_scheme and not _closed(model) else None),
        "fte_years": fte_years,
        "public_spending_eur": public_spending,
        "public_spending_per_fte_year": _per(public_spending, fte_years),
        "ebe_cost_per_fte_year": _per(employer_costs, fte_years),
        "avoided_cost_per_fte_year": _per(avoided, fte_years),
        "net_public_cost_eur": net_public_cost,
        "net_public_cost_per_fte_year": _per(net_public_cost, fte_years),
        "activation_rate": _per(avoided, public_spending),
        "net_cost_by_payer_eur": {p: float(v) for p, v in net_by_payer.items()},
        "employment_effect_pp_24m": _per(100.0 * totals.employment_effect_sum, totals.employment_effect_person_months),
        "displaced_fte_end": float(scen["displaced_fte"].iloc[-1]),
        "displaced_sales_eur": float(scen["displaced_sales_eur"].sum()),
        "exits_to_ordinary_jobs": int(totals.exits_to_ordinary),
        "participants_income_gain_eur_month": _per(totals.income_gain_sum, totals.income_gain_person_months),
        "participants_poverty_rate": _clean(poverty),
        "participants_poverty_rate_twin": _clean(poverty_twin),
        "ebes_in_loss_end": int(scen["ebes_in_loss"].iloc[-1]),
        "ebe_deficit_top_ups_eur": float(
            in_scenario.loc[in_scenario["category"] == acc.DEFICIT_TOP_UP, "amount_eur"].sum()
        ),
        "ledger_max_abs_imbalance_eur": max(model.ledger.max_abs_imbalance(), twin.ledger.max_abs_imbalance()),
    }
