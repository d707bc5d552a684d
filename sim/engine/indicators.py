"""Summary indicators of a paired run (``summary.json``), each an aggregation of the ledger, of the
monthly series or of the evaluation window; the names are those of the results contract.

Money is in nominal euros of each simulated year (``price_basis: nominal``); every money figure is
also given in euros of ``price_base_year`` under ``constant_prices``, each month's flows deflated
by the model's own indexation (:func:`sim.rules.indexation.price_index`).

Two families of cost measures:

- **whole horizon** (the results contract): public money paid to the scheme, avoided and net cost
  per FTE-year over every month simulated, against the twin;
- **evaluation-aligned** (``eval_*``): as the French evaluation of the scheme's second phase
  measures them (comité scientifique, 2025), per participant over the 12 months following entry,
  per FTE-year worked in them, start-up grants apart, the avoided cost decomposed by component
  (``avoided_cost_components``), from the same people in the scenario and in the twin.

Accounting convention (``accounting_convention``): **consolidated**, all public bodies as one (a
contribution reduction the State compensates to social security nets out); the by-payer view
(social security counts the full contributions, the State the compensation it pays) is given
beside it where the two differ, and both agree in total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from sim import accounts as acc
from sim.engine.income import BENEFITS
from sim.engine.model import TZCLDModel
from sim.engine.paired import PairedResult

EXHAUSTIVITY_MAX_WAIT_MONTHS = 3
CONSOLIDATED = "consolidated"
BY_PAYER = "by_payer"
# Components of the evaluation-aligned avoided cost (each in EUR per FTE-year, summing to it).
CONTRIBUTIONS = ("employee_contributions", "employer_contributions", "income_tax")
AVOIDED_COST_COMPONENTS = (*BENEFITS, *CONTRIBUTIONS, "lock_in")
# The by-payer view counts the full employer contributions and the State's compensation apart.
AVOIDED_COST_COMPONENTS_BY_PAYER = (*AVOIDED_COST_COMPONENTS, "reduction_compensation")
_PAY_FLOW = {"employee_contributions": "employee_contribution", "employer_contributions": "employer_contribution"}


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


def net_outflow_by_payer(
    ledger: pd.DataFrame, world: str, payers: list[str], convention: str = CONSOLIDATED
) -> pd.Series:
    """Each payer's payments minus receipts over the horizon in one world.

    Under the consolidated convention the flows that exist only between public bodies' own
    accounts (the State compensating a contribution reduction) are left out.
    """
    rows = ledger[ledger["world"] == world]
    if convention == CONSOLIDATED:
        rows = rows[~rows["category"].isin(acc.BY_PAYER_ONLY_CATEGORIES)]
    paid = rows.groupby("debtor")["amount_eur"].sum()
    received = rows.groupby("creditor")["amount_eur"].sum()
    return paid.reindex(payers, fill_value=0.0) - received.reindex(payers, fill_value=0.0)


def deflated(frame: pd.DataFrame, index_by_month: Mapping[int, float], columns: list[str]) -> pd.DataFrame:
    """A copy of ``frame`` whose money ``columns`` are divided by each row's month's price index."""
    out = frame.copy()
    index = frame["month"].map(index_by_month).to_numpy(dtype=np.float64)
    for column in columns:
        out[column] = frame[column].to_numpy(dtype=np.float64) / index
    return out


def evaluation_measures(
    evaluation: pd.DataFrame, jobs_created: float, startup_grants: float, reductions_compensated: bool = False
) -> dict:
    """The evaluation-aligned measures from the monthly window sums (``evaluation.parquet``).

    Args:
        evaluation: One row a month (:func:`sim.engine.income.evaluation_month`); empty for a
            design with no scheme.
        jobs_created: Jobs created over the horizon.
        startup_grants: Start-up grants paid over the horizon, EUR.
        reductions_compensated: Whether the State compensates contribution reductions to social
            security (``policy.routing.reduction_compensation``): only then do the consolidated
            and by-payer conventions differ.
    """
    if evaluation.empty:
        return {
            "eval_gross_cost_per_fte_year": None,
            "eval_avoided_cost_per_fte_year": None,
            "eval_net_cost_per_fte_year": None,
            "avoided_cost_components": {},
            "avoided_cost_components_by_payer": {},
            "startup_grant_per_job_created_eur": _per(startup_grants, jobs_created),
            "counterfactual_employment_at_entry": None,
            "counterfactual_employment_24m": None,
            "participants_benefit_change_eur_month": None,
            "participants_earnings_change_eur_month": None,
        }
    total = evaluation.sum(numeric_only=True)

    def scenario(flow: str) -> float:
        return float(total[f"{flow}_scenario_eur"])

    def twin(flow: str) -> float:
        return float(total[f"{flow}_twin_eur"])

    fte_years = float(total["scheme_fte_months"]) / 12.0
    # avoided cost: benefits no longer paid, and what the jobs bring in (the participants' jobs in
    # the scenario); lock-in: what their jobs in the twin would have brought in
    components = {name: twin(name) - scenario(name) for name in BENEFITS}
    components |= {name: scenario(_PAY_FLOW.get(name, name)) for name in CONTRIBUTIONS}
    twin_receipts = twin("employee_contribution") + twin("employer_contribution") + twin("income_tax")
    components["lock_in"] = -twin_receipts
    by_payer = dict(components)
    if reductions_compensated:
        by_payer["employer_contributions"] = scenario("employer_contribution") + scenario("reduction")
        by_payer["lock_in"] = -(twin_receipts + twin("reduction"))
        by_payer["reduction_compensation"] = twin("reduction") - scenario("reduction")
    avoided = sum(components.values())
    gross = float(total["public_funding_eur"])
    participant_months = float(total["participants_in_window"])
    # out-of-work benefits (what the evaluations call the participants' benefits); the in-work
    # benefit is a component of its own
    benefits_change = sum(scenario(name) - twin(name) for name in BENEFITS if name != "in_work_benefit")
    return {
        "eval_gross_cost_per_fte_year": _per(gross, fte_years),
        "eval_avoided_cost_per_fte_year": _per(avoided, fte_years),
        "eval_net_cost_per_fte_year": _per(gross - avoided, fte_years),
        "avoided_cost_components": {name: _per(value, fte_years) for name, value in components.items()},
        "avoided_cost_components_by_payer": {name: _per(value, fte_years) for name, value in by_payer.items()},
        "startup_grant_per_job_created_eur": _per(startup_grants, jobs_created),
        "counterfactual_employment_at_entry": _per(total["entries_employed_in_twin"], total["entries"]),
        "counterfactual_employment_24m": _per(
            total["entries_24m_before_employed_in_twin"], total["entries_24m_before"]
        ),
        "participants_benefit_change_eur_month": _per(benefits_change, participant_months),
        "participants_earnings_change_eur_month": _per(scenario("net") - twin("net"), participant_months),
    }


def money_indicators(
    model: TZCLDModel, scen: pd.DataFrame, ledger: pd.DataFrame, evaluation: pd.DataFrame, fte_years: float
) -> dict:
    """Every money indicator, from the ledger, the scenario's series and the evaluation window
    (in whatever prices these are given)."""
    payers = model.payer_names
    in_scenario = ledger[ledger["world"] == "scenario"]

    def total(mask: pd.Series) -> float:
        return float(in_scenario.loc[mask, "amount_eur"].sum())

    from_payers = in_scenario["debtor_kind"] == acc.PAYER
    # public money to the scheme, net of the surplus the fund took back
    public_spending = total(from_payers & in_scenario["category"].isin(acc.SCHEME_FUNDING_CATEGORIES)) - total(
        in_scenario["category"].isin(acc.SCHEME_REFUND_CATEGORIES)
    )
    employer_costs = total(
        in_scenario["debtor_kind"].isin([acc.EBE, acc.OPERATOR])
        & in_scenario["category"].isin(acc.EMPLOYER_COST_CATEGORIES)
    )
    by_convention = {
        convention: net_outflow_by_payer(ledger, "scenario", payers, convention)
        - net_outflow_by_payer(ledger, "twin", payers, convention)
        for convention in (CONSOLIDATED, BY_PAYER)
    }
    net_by_payer = by_convention[CONSOLIDATED]
    net_public_cost = float(net_by_payer.sum())
    avoided = public_spending - net_public_cost
    startup_grants = total(in_scenario["category"] == acc.STARTUP_GRANT)
    measures = {
        "public_spending_eur": public_spending,
        "public_spending_per_fte_year": _per(public_spending, fte_years),
        "ebe_cost_per_fte_year": _per(employer_costs, fte_years),
        "avoided_cost_per_fte_year": _per(avoided, fte_years),
        "net_public_cost_eur": net_public_cost,
        "net_public_cost_per_fte_year": _per(net_public_cost, fte_years),
        "activation_rate": _per(avoided, public_spending),
        "net_cost_by_payer_eur": {p: float(v) for p, v in net_by_payer.items()},
        "net_cost_by_payer_by_convention_eur": {
            convention: {p: float(v) for p, v in frame.items()} for convention, frame in by_convention.items()
        },
        "displaced_sales_eur": float(scen["displaced_sales_eur"].sum()),
        "participants_income_gain_eur_month": (
            _per(float(evaluation["income_gain_eur"].sum()), float(evaluation["participants"].sum()))
            if not evaluation.empty
            else None
        ),
        "ebe_deficit_top_ups_eur": total(in_scenario["category"] == acc.DEFICIT_TOP_UP),
        "ebe_surplus_taken_back_eur": total(in_scenario["category"] == acc.SURPLUS_CLAWBACK),
        "public_purchases_eur": total(in_scenario["category"] == acc.PUBLIC_PURCHASES),
    }
    compensated = bool(model.policy.routing.reduction_compensation)
    return measures | evaluation_measures(evaluation, float(scen["jobs_created"].sum()), startup_grants, compensated)


# Money columns of the series and of the evaluation window, deflated for constant prices.
_SERIES_MONEY = ["displaced_sales_eur"]


def _evaluation_money(evaluation: pd.DataFrame) -> list[str]:
    return [c for c in evaluation.columns if c.endswith("_eur")]


def summarise(
    result: PairedResult, timeseries: pd.DataFrame, ledger: pd.DataFrame, evaluation: pd.DataFrame | None = None
) -> dict:
    """Every indicator of ``summary.json`` for one paired run."""
    cfg, model, twin = result.cfg, result.scenario, result.twin
    s, n = model.state, model.n_present
    scen = timeseries[timeseries["world"] == "scenario"].sort_values("month")
    evaluation = result.evaluation() if evaluation is None else evaluation
    totals = model.totals
    poverty, poverty_twin = totals.participants_poverty
    trained = coached = 0
    for op in model.operators:
        if op.kind == "training":
            trained += op.entries
        elif op.kind == "coaching":
            coached += op.entries

    fte_years = float((scen["ebe_fte"] + scen["subsidised_fte"]).sum() / 12.0)
    nominal = money_indicators(model, scen, ledger, evaluation, fte_years)
    # the participants' income gain in nominal euros is summed as the months run (bit for bit the
    # figure of earlier versions); its constant-price twin comes from the monthly sums
    nominal["participants_income_gain_eur_month"] = _per(totals.income_gain_sum, totals.income_gain_person_months)
    index_by_month = dict(zip(scen["month"], scen["price_index"], strict=True))
    constant = money_indicators(
        model,
        deflated(scen, index_by_month, _SERIES_MONEY),
        deflated(ledger, index_by_month, ["amount_eur"]),
        deflated(evaluation, index_by_month, _evaluation_money(evaluation)) if not evaluation.empty else evaluation,
        fte_years,
    )
    # shares are the same in any prices
    constant.pop("activation_rate")

    return {
        "scenario": cfg.scenario.name,
        "design": cfg.scenario.design,
        "territory": cfg.territory.name,
        "seed": cfg.seed,
        "start": cfg.start,
        "horizon_months": cfg.horizon_months,
        "payers": [{"name": p.name, "label": p.label} for p in model.payers],
        "price_basis": "nominal",
        "price_base_year": int(result.price_base_year),
        "accounting_convention": CONSOLIDATED,
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
        "jobs_created_total": int(scen["jobs_created"].sum()),
        **nominal,
        "constant_prices": constant,
        "employment_effect_pp_24m": _per(100.0 * totals.employment_effect_sum, totals.employment_effect_person_months),
        "displaced_fte_end": float(scen["displaced_fte"].iloc[-1]),
        "exits_to_ordinary_jobs": int(totals.exits_to_ordinary),
        "participants_poverty_rate": _clean(poverty),
        "participants_poverty_rate_twin": _clean(poverty_twin),
        "ebes_in_loss_end": int(scen["ebes_in_loss"].iloc[-1]),
        "ledger_max_abs_imbalance_eur": max(model.ledger.max_abs_imbalance(), twin.ledger.max_abs_imbalance()),
    }
