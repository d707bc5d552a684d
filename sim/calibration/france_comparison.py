"""The France reference beside the Belgian pilot (interface E of the coordination notes).

Two paired runs with the same seed and horizon: ``scenario=full_transposition
territory=france_reference policy=france`` and ``scenario=full_transposition territory=pilot``.
Their summary indicators are put side by side, and the inputs that drive the difference (the cost
of a minimum-wage job, benefit levels, contribution rates, the per-FTE contribution, the in-work
benefit) are computed by the same rule functions the engine uses, at the first simulated month,
so that the table cannot drift from what the model does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.config.schema import RunConfig
from sim.config.validate import validate
from sim.engine.indicators import summarise
from sim.engine.paired import run_paired
from sim.outputs import flatten_summary
from sim.rules import benefits, in_work_benefit
from sim.rules.scheme import contribution_per_fte, legislated_scenario
from sim.rules.wages import minimum_wage, pay_per_fte

FRANCE = "France reference"
BELGIUM = "Belgium (pilot)"
FRANCE_OVERRIDES = ["scenario=full_transposition", "territory=france_reference", "policy=france"]
BELGIUM_OVERRIDES = ["scenario=full_transposition", "territory=pilot"]
SINGLE = 1  # household code of a single person (sim.engine.population.HOUSEHOLDS)


@dataclass(frozen=True)
class FranceComparison:
    """Summaries of both runs and the inputs that differ.

    Attributes:
        summaries: One row per numeric indicator of ``summary.json`` (net cost by payer
            flattened as ``net_cost_by_payer_eur.<payer>``), columns ``France reference`` and
            ``Belgium (pilot)``.
        drivers: Columns input, unit, france, belgium, source: one row per input.
    """

    summaries: pd.DataFrame
    drivers: pd.DataFrame


def _config(overrides: list[str], seed: int, horizon_months: int) -> RunConfig:
    cfg = load_config([*overrides, f"seed={seed}", f"horizon_months={horizon_months}"])
    validate(cfg)
    return cfg


def _numeric_summary(cfg: RunConfig) -> pd.Series:
    result = run_paired(cfg)
    summary = summarise(result, result.timeseries(), result.ledger())
    values: dict[str, float] = {}
    for key, value in flatten_summary(summary).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = float(value)
        elif value is None:
            values[key] = float("nan")
    return pd.Series(values)


def drivers_table(france: RunConfig, belgium: RunConfig) -> pd.DataFrame:
    """Inputs behind the difference, from the rules code at each run's first month."""
    rows: list[dict[str, object]] = []

    def add(name: str, unit: str, f: float, b: float, source: str) -> None:
        rows.append({"input": name, "unit": unit, "france": float(f), "belgium": float(b), "source": source})

    def per_country(cfg: RunConfig) -> dict[str, float]:
        policy, month = cfg.policy, parse_month(cfg.start)
        pay = pay_per_fte(policy, month)
        fund = legislated_scenario(cfg.scenario, policy).fund
        contribution = contribution_per_fte(fund, pay)
        insurance = benefits.insurance_amount(policy, month, np.array([1, 13]), np.array([SINGLE, SINGLE]))
        return {
            "minimum_wage": minimum_wage(policy, month),
            "employer_cost_year": 12.0 * pay.employer_cost,
            "employer_rate": pay.employer_contribution / pay.gross,
            "employee_rate": (pay.employee_contribution + pay.income_tax) / pay.gross,
            "net_month": pay.net,
            "social_assistance": float(benefits.ris_amounts(policy, month)[SINGLE]),
            "insurance_first": float(insurance[0]),
            "insurance_13": float(insurance[1]),
            "insurance_max_months": policy.unemployment_insurance.max_months.value,
            "solidarity": benefits.solidarity_amount(policy, month),
            "contribution_year": 12.0 * contribution,
            "cofunding_year": 12.0 * fund.local_cofunding_share.value * contribution,
            "contribution_share_of_cost": contribution * (1.0 + fund.local_cofunding_share.value) / pay.employer_cost,
            "startup_grant": fund.startup_grant_per_job.value,
            "in_work_benefit": float(in_work_benefit.monthly_amounts(policy, month, np.array([pay.net]))[0]),
            "eligibility": cfg.scenario.volunteering.eligibility_min_months.value,
        }

    f, b = per_country(france), per_country(belgium)
    add(
        "Gross minimum wage, full time",
        "EUR/month",
        f["minimum_wage"],
        b["minimum_wage"],
        "policy.wages.minimum_wage_month (SMIC decrees 2023-1216, 2024-951; RMMMG)",
    )
    add(
        "Employer cost of a full-time minimum-wage job",
        "EUR/year",
        f["employer_cost_year"],
        b["employer_cost_year"],
        "sim.rules.wages.pay_per_fte x 12 (France: 12 wages, general reduction; Belgium: 13.92, structural)",
    )
    add(
        "Employer contributions at the minimum wage",
        "share of gross",
        f["employer_rate"],
        b["employer_rate"],
        "France: CSS L241-13, D241-7, Bozio-Wasmer; Belgium: werk.belgie.be, AR 3 Mar 2024",
    )
    add(
        "Employee contributions and tax at the minimum wage",
        "share of gross",
        f["employee_rate"],
        b["employee_rate"],
        "France: SMIC net/gross (decree 2024-951); Belgium: lessentieldeleco.fr",
    )
    add(
        "Net minimum wage, full time",
        "EUR/month (annual pay / 12)",
        f["net_month"],
        b["net_month"],
        "sim.rules.wages.pay_per_fte",
    )
    add(
        "Minimum income, single person (RSA / RIS)",
        "EUR/month",
        f["social_assistance"],
        b["social_assistance"],
        "France: decree 2025-293; Belgium: RIS 1 Feb 2025",
    )
    add(
        "Unemployment insurance, single, month 1 (ARE / minimum)",
        "EUR/month",
        f["insurance_first"],
        b["insurance_first"],
        "France: Unédic average received; Belgium: reform minimum",
    )
    add(
        "Unemployment insurance, single, month 13",
        "EUR/month",
        f["insurance_13"],
        b["insurance_13"],
        "France: Unédic average received; Belgium: reform from month 13",
    )
    add(
        "Maximum insurance duration",
        "months",
        f["insurance_max_months"],
        b["insurance_max_months"],
        "France: decree 2023-33; Belgium: 2026 reform",
    )
    add(
        "Solidarity allowance after insurance (ASS)",
        "EUR/month",
        f["solidarity"],
        b["solidarity"],
        "France: decree 2025-302; none in Belgium",
    )
    add(
        "Per-FTE contribution (State / fund share)",
        "EUR/FTE/year",
        f["contribution_year"],
        b["contribution_year"],
        "France: 95 % of the gross SMIC (arrêtés); Belgium: 88.9 % of the employer cost (transposition)",
    )
    add(
        "Local co-funding (département / CPAS-commune)",
        "EUR/FTE/year",
        f["cofunding_year"],
        b["cofunding_year"],
        "15 % of the contribution (decree 2021-863 art. 24)",
    )
    add(
        "Contribution and co-funding / employer cost",
        "share",
        f["contribution_share_of_cost"],
        b["contribution_share_of_cost"],
        "computed from the two rows above and the employer cost",
    )
    add("Start-up grant", "EUR per job created", f["startup_grant"], b["startup_grant"], "2025 evaluation (press)")
    add(
        "Prime d'activité at the full-time minimum wage (expected, take-up applied)",
        "EUR/month",
        f["in_work_benefit"],
        b["in_work_benefit"],
        "France: CSS L842-3, D843-1/2/3, decree 2025-294; none in Belgium",
    )
    add(
        "Eligibility: months jobless",
        "months",
        f["eligibility"],
        b["eligibility"],
        "France: law 2020-1577, decree 2021-863; Belgium: Walloon framework 2022",
    )
    return pd.DataFrame(rows, columns=["input", "unit", "france", "belgium", "source"])


def compare_france_belgium(seed: int = 0, horizon_months: int = 120) -> FranceComparison:
    """Run the France reference and the Belgian pilot with the same seed and horizon.

    Args:
        seed: Root seed of both runs.
        horizon_months: Months simulated in both runs.

    Returns:
        The side-by-side summaries and the drivers table.
    """
    france = _config(FRANCE_OVERRIDES, seed, horizon_months)
    belgium = _config(BELGIUM_OVERRIDES, seed, horizon_months)
    summaries = pd.concat({FRANCE: _numeric_summary(france), BELGIUM: _numeric_summary(belgium)}, axis=1)
    return FranceComparison(summaries=summaries, drivers=drivers_table(france, belgium))
