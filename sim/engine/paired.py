"""A run: the scenario and its status-quo twin, stepped in lockstep on the same people and luck."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.config.schema import RunConfig
from sim.engine.model import TZCLDModel
from sim.engine.population import Population, generate_population


@dataclass
class PairedResult:
    """The two worlds after the horizon."""

    cfg: RunConfig
    population: Population
    scenario: TZCLDModel
    twin: TZCLDModel

    def timeseries(self) -> pd.DataFrame:
        """Monthly series of both worlds (one row per month x world)."""
        rows = self.scenario.records + self.twin.records
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.sort_values(["world", "month"], kind="stable").reset_index(drop=True)

    def ledger(self) -> pd.DataFrame:
        """Postings of both worlds (aggregated by month, debtor, creditor, category)."""
        frames = []
        for model in (self.scenario, self.twin):
            frame = model.ledger.to_frame()
            frame.insert(1, "world", model.world)
            frames.append(frame)
        ledger = pd.concat(frames, ignore_index=True)
        start = self.scenario.start_index
        ledger.insert(
            1,
            "date",
            pd.to_datetime([f"{(start + m) // 12:04d}-{(start + m) % 12 + 1:02d}-01" for m in ledger["month"]]),
        )
        return ledger


def run_paired(cfg: RunConfig, progress: bool = False) -> PairedResult:
    """Simulate the scenario and its twin over the horizon."""
    population = generate_population(cfg)
    twin = TZCLDModel(cfg, population, world="twin")
    scenario = TZCLDModel(cfg, population, world="scenario", twin=twin)
    months = range(cfg.horizon_months)
    if progress:
        from tqdm.auto import tqdm

        months = tqdm(months, desc=f"{cfg.scenario.name} / {cfg.territory.name}", unit="month", leave=False)
    for _ in months:
        scenario.step()
    return PairedResult(cfg=cfg, population=population, scenario=scenario, twin=twin)
