"""Inputs shared by the figure tests: a summary table of runs, and finding a trace by its meta."""

from __future__ import annotations

import pandas as pd


def trace(fig, **meta):
    """The one trace of ``fig`` whose ``meta`` holds every ``meta`` given."""
    found = [t for t in fig.data if t.meta and all(t.meta.get(k) == v for k, v in meta.items())]
    assert len(found) == 1, (meta, [t.meta for t in fig.data])
    return found[0]


def summary_runs() -> pd.DataFrame:
    """Five ok runs per design (k = 0..4) and one failed run, indicators linear in k."""
    rows = []
    for scenario, base in (("full_transposition", 10.0), ("existing_actors", 100.0), ("status_quo", 0.0)):
        for k in range(5):
            rows.append(
                {
                    "run_id": f"{scenario}{k}",
                    "status": "ok",
                    "scenario": scenario,
                    "territory": "pilot",
                    "seed": k,
                    "displaced_fte_end": base + k,
                    "displaced_sales_eur": 1000.0 * k,
                    "exits_to_ordinary_jobs": k,
                    "participants_income_gain_eur_month": 200.0 + k,
                    "participants_poverty_rate": 0.1 * (k + 1) / 5,
                    "participants_poverty_rate_twin": 0.6,
                    "scheme_fte_end": base + 2 * k,
                    "volunteers_total": 50 + k,
                    "months_to_exhaustivity": None if k < 2 else 20 + k,
                    "public_spending_eur": 2.0e6 + 1e5 * k,
                    "avoided_cost_per_fte_year": 15000.0,
                    "net_public_cost_per_fte_year": 30000.0 + 1000 * k,
                    "activation_rate": 0.3,
                }
            )
    rows.append({"run_id": "bad", "status": "failed", "scenario": "full_transposition", "territory": "pilot"})
    return pd.DataFrame(rows)
