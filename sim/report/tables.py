"""Headline and budget tables over seeds, as data frames (their text is :mod:`sim.report.console`).

Every number here is an aggregation of the run outputs read by :mod:`sim.report.runs`: the
headline table of ``summary.json`` indicators, the yearly budget of each payer from
``ledger.parquet``. Aggregation over seeds reports the mean and the range (min and max), since a
handful of seeds is too few for anything finer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim import accounts as acc
from sim.accounts import FUND_FINANCING, PAYER, SCHEME_FUNDING_CATEGORIES
from sim.config.schema import DESIGNS

ALL_PAYERS = "all_payers"
ALL_PAYERS_LABEL = "All payers"
SCENARIO_WORLD = "scenario"
TWIN_WORLD = "twin"


@dataclass(frozen=True)
class Indicator:
    """A headline indicator of ``summary.json``.

    Attributes:
        key: Its key in ``summary.json``.
        label: Plain-words name for tables.
        kind: How to show it: ``people``, ``fte``, ``months``, ``eur``, ``share`` or ``pp``.
        null_means: What a null value means, shown in place of a number.
    """

    key: str
    label: str
    kind: str
    null_means: str = "n/a"


HEADLINE_INDICATORS: tuple[Indicator, ...] = (
    Indicator("volunteers_total", "Volunteers over the horizon", "people"),
    Indicator("hired_total", "People hired in scheme jobs", "people"),
    Indicator("ebe_fte_end", "EBE jobs, last month", "fte"),
    Indicator("waitlist_peak", "Waiting list at its peak", "people"),
    Indicator("waitlist_end", "Waiting list, last month", "people"),
    Indicator("months_to_exhaustivity", "Time to exhaustivity", "months", "never"),
    Indicator("fte_years", "Scheme jobs over the horizon", "fte_years"),
    Indicator("public_spending_per_fte_year", "Public money to the scheme / FTE-yr", "eur"),
    Indicator("ebe_cost_per_fte_year", "Employer cost / FTE-yr", "eur"),
    Indicator("avoided_cost_per_fte_year", "Avoided public cost / FTE-yr", "eur"),
    Indicator("net_public_cost_per_fte_year", "Net public cost / FTE-yr", "eur"),
    Indicator("activation_rate", "Activation rate, avoided / spent", "share"),
    Indicator("employment_effect_pp_24m", "Employment effect, 24 months", "pp"),
    Indicator("displaced_fte_end", "Jobs displaced in firms, last month", "fte"),
    Indicator("exits_to_ordinary_jobs", "Exits to ordinary jobs", "people"),
    Indicator("participants_income_gain_eur_month", "Participants' income gain / month", "eur"),
    Indicator("participants_poverty_rate", "Participants in poverty", "share"),
    Indicator("participants_poverty_rate_twin", "Participants in poverty, twin", "share"),
)


# --------------------------------------------------------------------------- ordering
def scenario_order(frame: pd.DataFrame) -> list[str]:
    """Scenarios of ``frame`` in reading order.

    The status quo comes first as the reference, then the designs in the schema's order, then
    any other scenario in order of appearance.
    """
    if frame.empty:
        return []
    designs = frame["design"] if "design" in frame else frame["scenario"]
    first = pd.DataFrame({"scenario": frame["scenario"], "design": designs}).drop_duplicates("scenario")

    def rank(design: str) -> int:
        return DESIGNS.index(design) if design in DESIGNS else len(DESIGNS)

    ranked = sorted(
        enumerate(zip(first["scenario"], first["design"], strict=True)),
        key=lambda item: (rank(item[1][1]), item[0]),
    )
    return [scenario for _, (scenario, _) in ranked]


def _sort(frame: pd.DataFrame, by: Sequence[str], orders: dict[str, list]) -> pd.DataFrame:
    """Sort ``frame`` on ``by``, using the explicit order of values given in ``orders``."""

    def key(column: pd.Series) -> pd.Series:
        if column.name in orders:
            order = orders[column.name]
            return column.map({value: index for index, value in enumerate(order)})
        return column

    return frame.sort_values(list(by), key=key, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- headline
def headline_table(summaries: pd.DataFrame, indicators: Sequence[Indicator] = HEADLINE_INDICATORS) -> pd.DataFrame:
    """Headline indicators by territory and scenario, over seeds.

    Args:
        summaries: One row per run, as :attr:`sim.report.runs.RunSet.summaries`.
        indicators: The indicators, in order (default :data:`HEADLINE_INDICATORS`).

    Returns:
        One row per territory, scenario and indicator (in the order of ``indicators``),
        with columns ``territory``, ``design``, ``scenario``, ``indicator``, ``label``,
        ``kind``, ``n_runs``, ``n_null`` (runs where the indicator is null, e.g. the seeds that
        never reached exhaustivity), ``mean``, ``min`` and ``max`` (over the non-null values).

    Raises:
        ValueError: If a headline indicator column is missing.
    """
    columns = [
        "territory",
        "design",
        "scenario",
        "indicator",
        "label",
        "kind",
        "n_runs",
        "n_null",
        "mean",
        "min",
        "max",
    ]
    if summaries.empty:
        return pd.DataFrame(columns=columns)
    keys = [indicator.key for indicator in indicators]
    missing = [key for key in keys if key not in summaries.columns]
    if missing:
        raise ValueError(f"summaries lack the headline indicator(s) {', '.join(missing)}")

    frame = summaries.assign(design=summaries["design"] if "design" in summaries else summaries["scenario"])
    long = frame.melt(
        id_vars=["territory", "design", "scenario"],
        value_vars=keys,
        var_name="indicator",
    )
    long["value"] = pd.to_numeric(long["value"])  # JSON null arrives as None: becomes NaN
    table = (
        long.groupby(["territory", "design", "scenario", "indicator"], sort=False)["value"]
        .agg(n_runs="size", n_valid="count", mean="mean", min="min", max="max")
        .reset_index()
    )
    table["n_null"] = table["n_runs"] - table.pop("n_valid")
    by_key = {indicator.key: indicator for indicator in indicators}
    table["label"] = table["indicator"].map(lambda key: by_key[key].label)
    table["kind"] = table["indicator"].map(lambda key: by_key[key].kind)
    orders = {
        "territory": list(dict.fromkeys(frame["territory"])),
        "scenario": scenario_order(frame),
        "indicator": keys,
    }
    return _sort(table, ["territory", "scenario", "indicator"], orders)[columns]


# --------------------------------------------------------------------------- budget
def yearly_budget_by_payer(ledger: pd.DataFrame, payers: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Each payer's gross and net spending per calendar year, run by run.

    ``gross_eur`` is the public money the payer paid to the scheme in the scenario world
    (categories in :data:`sim.accounts.SCHEME_FUNDING_CATEGORIES`), plus what it paid into the
    fund, minus what the fund received from other payers (so a fund's outlays are charged to the
    payers that feed it, and the total over payers is the money paid to the scheme). ``net_eur`` is the payer's
    net outflow (all it pays minus all it receives, every category) in the scenario world
    minus the same in the twin: positive when the design costs that payer more than the
    status quo. Summed over payers, transfers between public budgets cancel out.

    Args:
        ledger: Stacked ledgers, as :attr:`sim.report.runs.RunSet.ledger`.
        payers: ``(name, label)`` of the payers, in display order. Accounts of kind ``payer``
            in the ledger that are not listed are added after them, labelled by name, so
            that no public money is left out.

    Returns:
        One row per run, year and payer (zeros included, so that averages over seeds count
        the years a payer paid nothing), with the run's identity columns, ``year``,
        ``payer``, ``payer_label``, ``gross_eur`` and ``net_eur``.

    Raises:
        ValueError: If the ledger holds a world other than ``scenario`` and ``twin``.
    """
    labels = dict(payers)
    for column in ("debtor", "creditor"):
        kind = ledger[f"{column}_kind"] == PAYER
        for name in ledger.loc[kind, column].unique():
            labels.setdefault(name, name)
    names = list(labels)
    keys = [column for column in ("territory", "design", "scenario", "run", "seed") if column in ledger]
    columns = [*keys, "year", "payer", "payer_label", "gross_eur", "net_eur"]
    if ledger.empty:
        return pd.DataFrame(columns=columns)

    worlds = set(ledger["world"].unique())
    if not worlds <= {SCENARIO_WORLD, TWIN_WORLD}:
        unknown = ", ".join(sorted(map(str, worlds - {SCENARIO_WORLD, TWIN_WORLD})))
        raise ValueError(f"ledger holds world(s) {unknown}; expected scenario and twin")
    ledger = ledger.assign(year=pd.to_datetime(ledger["date"]).dt.year)
    group = [*keys, "year", "payer"]

    # Only the columns the sums need: concatenating every column of a ledger costs far more.
    needed = [*keys, "year", "world", "category", "amount_eur"]
    paid = ledger.loc[ledger["debtor"].isin(names), needed].assign(payer=ledger["debtor"])
    received = ledger.loc[ledger["creditor"].isin(names), needed].assign(payer=ledger["creditor"])
    flows = pd.concat(
        [
            paid.assign(outflow=paid["amount_eur"]),
            received.assign(outflow=-received["amount_eur"]),
        ]
    )
    # Scenario minus twin in one sum: the twin's outflows enter with the opposite sign.
    flows["net_eur"] = flows["outflow"].where(flows["world"] == SCENARIO_WORLD, -flows["outflow"])
    net = flows.groupby(group, dropna=False)["net_eur"].sum()
    in_scenario = paid["world"] == SCENARIO_WORLD
    funding = paid[in_scenario & paid["category"].isin(SCHEME_FUNDING_CATEGORIES)]
    # A fund fed by payers passes their money on: the gross budget is charged to the payers
    # that feed it, and the fund keeps only what they did not cover.
    fed = paid[in_scenario & (paid["category"] == FUND_FINANCING)]
    fed_in = received[(received["world"] == SCENARIO_WORLD) & (received["category"] == FUND_FINANCING)]
    gross = (
        pd.concat(
            [
                funding.assign(gross_eur=funding["amount_eur"]),
                fed.assign(gross_eur=fed["amount_eur"]),
                fed_in.assign(gross_eur=-fed_in["amount_eur"]),
            ]
        )
        .groupby(group, dropna=False)["gross_eur"]
        .sum()
    )

    grid = (
        ledger[[*keys, "year"]]
        .drop_duplicates()
        .merge(
            pd.DataFrame({"payer": names, "payer_label": [labels[name] for name in names]}),
            how="cross",
        )
    )
    table = grid.join(gross, on=group).join(net, on=group)
    table[["gross_eur", "net_eur"]] = table[["gross_eur", "net_eur"]].fillna(0.0)
    orders = {
        "territory": list(ledger["territory"].unique()) if "territory" in keys else [],
        "scenario": scenario_order(ledger) if "scenario" in keys else [],
        "payer": names,
    }
    sort_by = [key for key in ("territory", "scenario", "seed", "run") if key in keys]
    return _sort(table, [*sort_by, "year", "payer"], orders)[columns]


def budget_summary(yearly: pd.DataFrame) -> pd.DataFrame:
    """Average the yearly budget over seeds, with an all-payers total per year.

    The total is summed over payers within each run before averaging, so its min and max are
    those of the runs' totals (not sums of each payer's extremes).

    Args:
        yearly: Output of :func:`yearly_budget_by_payer`.

    Returns:
        One row per territory, scenario, year and payer (then ``all_payers``), with
        ``payer_label``, ``n_runs`` and the mean, min and max of ``gross_eur`` and
        ``net_eur`` (columns ``gross_eur_mean``, ``gross_eur_min``... ``net_eur_max``).
    """
    scenario_keys = [c for c in ("territory", "design", "scenario") if c in yearly]
    run_keys = [*scenario_keys, *(c for c in ("run", "seed") if c in yearly)]
    stats = [f"{value}_{stat}" for value in ("gross_eur", "net_eur") for stat in ("mean", "min", "max")]
    columns = [*scenario_keys, "year", "payer", "payer_label", "n_runs", *stats]
    if yearly.empty:
        return pd.DataFrame(columns=columns)

    totals = (
        yearly.groupby([*run_keys, "year"], sort=False)[["gross_eur", "net_eur"]]
        .sum()
        .reset_index()
        .assign(payer=ALL_PAYERS, payer_label=ALL_PAYERS_LABEL)
    )
    combined = pd.concat([yearly, totals], ignore_index=True)
    summary = (
        combined.groupby([*scenario_keys, "year", "payer", "payer_label"], sort=False)
        .agg(
            n_runs=("net_eur", "size"),
            gross_eur_mean=("gross_eur", "mean"),
            gross_eur_min=("gross_eur", "min"),
            gross_eur_max=("gross_eur", "max"),
            net_eur_mean=("net_eur", "mean"),
            net_eur_min=("net_eur", "min"),
            net_eur_max=("net_eur", "max"),
        )
        .reset_index()
    )
    orders = {
        "territory": list(dict.fromkeys(yearly["territory"])) if "territory" in yearly else [],
        "scenario": scenario_order(yearly) if "scenario" in yearly else [],
        "payer": [*dict.fromkeys(yearly["payer"]), ALL_PAYERS],
    }
    sort_by = [c for c in ("territory", "scenario") if c in yearly]
    return _sort(summary, [*sort_by, "year", "payer"], orders)[columns]


# --------------------------------------------------------------------------- cost items
@dataclass(frozen=True)
class CostItem:
    """A line of the table of the costs each design bears.

    Attributes:
        key: Row identifier.
        label: Plain words.
        categories: Ledger categories summed.
        debtor_kinds: Kinds of the accounts that pay them (empty: any).
        creditor_kinds: Kinds of the accounts that receive them (empty: any).
        against_twin: Scenario minus twin (public costs that also run in the status quo).
    """

    key: str
    label: str
    categories: tuple[str, ...]
    debtor_kinds: tuple[str, ...] = ()
    creditor_kinds: tuple[str, ...] = ()
    against_twin: bool = False


EMPLOYERS = (acc.EBE, acc.OPERATOR)
COST_ITEMS: tuple[CostItem, ...] = (
    CostItem(
        "wage_bill",
        "Wages, employee contributions and tax",
        (acc.WAGE_NET, acc.EMPLOYEE_CONTRIBUTION, acc.INCOME_TAX),
        EMPLOYERS,
    ),
    CostItem("employer_contributions", "Employer contributions", (acc.EMPLOYER_CONTRIBUTION,), EMPLOYERS),
    CostItem("supervision", "Supervision", (acc.SUPERVISION,), EMPLOYERS),
    CostItem("running_costs", "Running costs", (acc.RUNNING_COSTS,), EMPLOYERS),
    CostItem("startup_investment", "Start-up investment", (acc.STARTUP_INVESTMENT,), EMPLOYERS),
    CostItem(
        "sales",
        "Sales (income; displaced sales and public purchases included)",
        (acc.SALES, acc.DISPLACED_SALES, acc.PUBLIC_PURCHASES),
        (),
        EMPLOYERS,
    ),
    CostItem("surplus_clawback", "Surplus taken back by the fund", (acc.SURPLUS_CLAWBACK,), EMPLOYERS),
    CostItem("firms_share", "Firms' share of aided wages", (acc.EMPLOYER_SHARE,), (), EMPLOYERS),
    CostItem("deadweight", "Hiring aids: deadweight (public receipts not new)", (acc.HIRING_AID_DEADWEIGHT,)),
    CostItem("substitution", "Hiring aids: substitution (workers displaced)", (acc.HIRING_AID_SUBSTITUTION,)),
    CostItem(
        "public_services",
        "Case work and BIM, against the twin",
        tuple(sorted(acc.PUBLIC_SERVICE_CATEGORIES)),
        against_twin=True,
    ),
)


def cost_items_table(ledger: pd.DataFrame, summaries: pd.DataFrame) -> pd.DataFrame:
    """What each design bears, item by item, per FTE-year of scheme jobs, over seeds.

    Each item sums ledger categories over the horizon in the scenario world (minus the twin for
    the public services, which run in the status quo too), divided by the run's FTE-years.

    Args:
        ledger: Stacked ledgers, as :attr:`sim.report.runs.RunSet.ledger`.
        summaries: One row per run, as :attr:`sim.report.runs.RunSet.summaries` (``fte_years``).

    Returns:
        One row per territory, scenario and item (in :data:`COST_ITEMS` order): ``territory``,
        ``design``, ``scenario``, ``item``, ``label``, ``n_runs``, ``borne`` (whether any run has
        the item), ``mean``, ``min``, ``max`` in euros per FTE-year.
    """
    columns = ["territory", "design", "scenario", "item", "label", "n_runs", "borne", "mean", "min", "max"]
    if summaries.empty or ledger.empty:
        return pd.DataFrame(columns=columns)
    runs = summaries.assign(design=summaries["design"] if "design" in summaries else summaries["scenario"])
    rows = []
    for item in COST_ITEMS:
        mask = ledger["category"].isin(item.categories)
        if item.debtor_kinds:
            mask &= ledger["debtor_kind"].isin(item.debtor_kinds)
        if item.creditor_kinds:
            mask &= ledger["creditor_kind"].isin(item.creditor_kinds)
        chosen = ledger[mask]
        scenario_world = (chosen["world"] == SCENARIO_WORLD).to_numpy()
        sign = np.where(scenario_world, 1.0, -1.0 if item.against_twin else 0.0)
        signed = pd.Series(chosen["amount_eur"].to_numpy(dtype=float) * sign, index=chosen.index)
        totals = signed.groupby(chosen["run"]).sum()
        for run in runs.itertuples():
            total = float(totals.get(run.run, 0.0))
            fte_years = float(run.fte_years or 0.0)
            rows.append(
                {
                    "territory": run.territory,
                    "design": run.design,
                    "scenario": run.scenario,
                    "item": item.key,
                    "label": item.label,
                    "value": total / fte_years if fte_years > 0 else float("nan"),
                    "nonzero": abs(total) > 1e-6,
                }
            )
    frame = pd.DataFrame(rows)
    table = (
        frame.groupby(["territory", "design", "scenario", "item", "label"], sort=False)
        .agg(
            n_runs=("value", "size"),
            borne=("nonzero", "any"),
            mean=("value", "mean"),
            min=("value", "min"),
            max=("value", "max"),
        )
        .reset_index()
    )
    orders = {
        "territory": list(dict.fromkeys(runs["territory"])),
        "scenario": scenario_order(runs),
        "item": [item.key for item in COST_ITEMS],
    }
    return _sort(table, ["territory", "scenario", "item"], orders)[columns]
