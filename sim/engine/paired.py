"""A run: the scenario and its status-quo twin, stepped in lockstep on the same people and luck."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.config.schema import RunConfig
from sim.engine.ebe import TERRITORY_COLUMNS
from sim.engine.model import TZCLDModel
from sim.engine.population import Population, generate_population
from sim.rules.indexation import price_index


@dataclass
class PairedResult:
    """The two worlds after the horizon."""

    cfg: RunConfig
    population: Population
    scenario: TZCLDModel
    twin: TZCLDModel

    @property
    def price_base_year(self) -> int:
        """The year whose euros constant prices are expressed in (the start year by default)."""
        base = self.cfg.price_base_year
        return self.scenario.start_index // 12 if base is None else int(base)

    def timeseries(self) -> pd.DataFrame:
        """Monthly series of both worlds (one row per month x world), with the month's price index."""
        rows = self.scenario.records + self.twin.records
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"])
        start, policy, base = self.scenario.start_index, self.cfg.policy, self.price_base_year
        frame["price_index"] = [price_index(policy, start + int(m), base) for m in frame["month"]]
        return frame.sort_values(["world", "month"], kind="stable").reset_index(drop=True)

    def evaluation(self) -> pd.DataFrame:
        """The scenario's monthly sums over participants in their first 12 months after entry, in
        both worlds (empty for the status quo): the basis of the evaluation-aligned measures."""
        frame = pd.DataFrame(self.scenario.totals.evaluation)
        if frame.empty:
            return frame
        start = self.scenario.start_index
        frame.insert(
            1,
            "date",
            pd.to_datetime([f"{(start + m) // 12:04d}-{(start + m) % 12 + 1:02d}-01" for m in frame["month"]]),
        )
        return frame

    def territories(self) -> pd.DataFrame:
        """The scenario's monthly rows by micro-territory (one per month x EBE; no rows without EBEs)."""
        frame = pd.DataFrame(self.scenario.territory_records, columns=list(TERRITORY_COLUMNS))
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

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
