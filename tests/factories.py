"""Shared builders for the engine tests (plain functions, no fixtures).

``config`` composes a typed configuration on the pilot territory with agents off; ``QUIET`` is a
set of overrides that switches every random hazard off, so that a hand-built population moves
only through the rule under test. ``population`` builds a :class:`~sim.engine.population.Population`
of a handful of people with chosen attributes, and ``model`` puts a ``TZCLDModel`` on it with
everyone who entered in month 0 admitted. ``world`` builds a :class:`MinimalWorld`: only what the
declared world (:class:`sim.engine.world.World`) lists, with no month cycle, to test one rule of
the engine on people placed by hand.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence

import mesa
import numpy as np
import pandas as pd

from sim.calendar import parse_month
from sim.config.load import load_config
from sim.config.schema import RunConfig
from sim.engine import transitions
from sim.engine.builder import build_world
from sim.engine.events import JobEndQueue, RetirementQueue
from sim.engine.model import TZCLDModel
from sim.engine.paired import PairedResult
from sim.engine.population import Population, generate_population
from sim.engine.state import PersonState, Status
from sim.engine.world import MonthCounters, RunTotals
from sim.rules.hazards import HazardTables

BASE = ["territory=pilot", "agents.materialize_jobseekers=false"]

# Every monthly hazard off: nobody finds or loses an ordinary job, leaves the labour force or
# leaves an EBE unless the test says so.
QUIET = [
    "behaviour.job_finding_base.value=0",
    "behaviour.job_separation.value=0",
    "behaviour.labour_force_exit.value=0",
    "behaviour.labour_force_exit_over_55.value=0",
]
QUIET_EBE = ["scenario.ebe.exit_rate_year.value=0"]

# Operators of configs/scenario/existing_actors.yaml, in order.
OPERATORS = (
    "cpas_article60",
    "impulsion_12m",
    "tremplin_24m",
    "cisp_training",
    "mire_coaching",
    "social_economy",
    "impulsion_12m_2025",
    "sesam_2025",
    "sesam_2026",
    "hiring_bonus",
)


@functools.lru_cache(maxsize=64)
def _composed(overrides: tuple[str, ...]) -> RunConfig:
    return load_config(list(overrides))


def config(*overrides: str, scenario: str = "full_transposition", quiet: bool = False) -> RunConfig:
    """Typed configuration: pilot territory, agents off, ``overrides`` applied last.

    Composition is cached; each call returns its own deep copy, free to modify.
    """
    extra = list(QUIET) if quiet else []
    if quiet and scenario == "full_transposition":
        extra += QUIET_EBE
    return copy.deepcopy(_composed((*BASE, f"scenario={scenario}", *extra, *overrides)))


def only_operators(*names: str) -> list[str]:
    """Overrides giving zero places to every existing-actors operator not named."""
    return [
        f"scenario.operators.{i}.places_per_year_per_1000_jobseekers.value=0"
        for i, name in enumerate(OPERATORS)
        if name not in names
    ]


def _column(value, n: int, dtype) -> np.ndarray:
    array = np.asarray(value, dtype=dtype)
    return np.full(n, array, dtype=dtype) if array.ndim == 0 else array.astype(dtype)


def population(
    n: int,
    horizon: int = 36,
    *,
    entry_month: Sequence[int] | int = 0,
    age_years: Sequence[float] | float = 40.0,
    qualification: Sequence[int] | int = 1,
    household: Sequence[int] | int = 1,
    employability: Sequence[float] | float = 0.0,
    commune: Sequence[int] | int = 0,
    ebe_index: Sequence[int] | int = 0,
    initial_duration: Sequence[int] | int = 0,
    entry_regime: Sequence[int] | int = 1,
    entitlement: Sequence[int] | int = 24,
    volunteer_draw: Sequence[float] | float = 0.0,
    working_time: Sequence[float] | float = 1.0,
    seed: int = 0,
) -> Population:
    """A hand-built population of ``n`` people (ids in order of entry)."""
    entry = _column(entry_month, n, np.int16)
    if np.any(np.diff(entry) < 0):
        raise ValueError("people must be listed in order of entry")
    entered_by = np.array([int(np.count_nonzero(entry <= t)) for t in range(horizon)], dtype=np.int64)
    return Population(
        seed=seed,
        n_initial=int(np.count_nonzero(entry == 0)),
        entered_by=entered_by,
        entry_month=entry,
        age_at_entry_months=np.floor(_column(age_years, n, np.float64) * 12).astype(np.int16),
        qualification=_column(qualification, n, np.int8),
        household=_column(household, n, np.int8),
        employability=_column(employability, n, np.float32),
        commune=_column(commune, n, np.int8),
        ebe_index=_column(ebe_index, n, np.int16),
        initial_duration=_column(initial_duration, n, np.int16),
        entry_regime=_column(entry_regime, n, np.int8),
        entitlement_months=_column(entitlement, n, np.int16),
        volunteer_draw=_column(volunteer_draw, n, np.float32),
        working_time=_column(working_time, n, np.float32),
    )


def model(cfg: RunConfig, pop: Population, admit: bool = True, twin: TZCLDModel | None = None) -> TZCLDModel:
    """A scenario model on ``pop``; with ``admit``, the people of month 0 are registered (the
    time limit applied to them, as in the engine's first month)."""
    m = TZCLDModel(cfg, pop, world="scenario", twin=twin)
    if admit:
        m.n_present = int(pop.entered_by[0])
        transitions.admit(m, 0, m.n_present)
    return m


def paired(cfg: RunConfig, pop: Population | None = None) -> tuple[TZCLDModel, TZCLDModel]:
    """A scenario and its twin on the same people, not yet stepped."""
    pop = generate_population(cfg) if pop is None else pop
    twin = TZCLDModel(cfg, pop, world="twin")
    return TZCLDModel(cfg, pop, world="scenario", twin=twin), twin


def run(cfg: RunConfig) -> PairedResult:
    """Step a paired run over the horizon (as :func:`sim.engine.paired.run_paired`)."""
    scenario, twin = paired(cfg)
    for _ in range(cfg.horizon_months):
        scenario.step()
    return PairedResult(cfg=cfg, population=scenario.population, scenario=scenario, twin=twin)


def month_of(cfg: RunConfig, label: str) -> int:
    """Model month ``t`` of a ``YYYY-MM`` date in a run starting at ``cfg.start``."""
    return parse_month(label) - parse_month(cfg.start)


def postings(frame: pd.DataFrame, **where: object) -> float:
    """Sum of ``amount_eur`` over the ledger rows matching every ``column=value``."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    return float(frame.loc[mask, "amount_eur"].sum())


def net_outflow(frame: pd.DataFrame, account: str) -> float:
    """What ``account`` paid minus what it received in the ledger rows given."""
    paid = frame.loc[frame["debtor"] == account, "amount_eur"].sum()
    received = frame.loc[frame["creditor"] == account, "amount_eur"].sum()
    return float(paid - received)


def close(m: TZCLDModel) -> pd.DataFrame:
    """Close the model's ledger month and return every stored posting."""
    m.ledger.close_month()
    return m.ledger.to_frame()


class MinimalWorld(mesa.Model):
    """A world with exactly the declared attributes (:class:`sim.engine.world.World`) and nothing else.

    No month cycle, no recorder: a test places people by hand (``place``) and calls one engine
    function on it, which shows that the function needs nothing more than the declaration.
    """

    def __init__(self, cfg: RunConfig, pop: Population, world: str = "scenario") -> None:
        super().__init__(rng=cfg.seed)
        build_world(self, cfg, world)
        self.population = pop
        self.state = PersonState.empty(pop.size)
        self.n_present = pop.size
        self.counters = MonthCounters()
        self.totals = RunTotals()
        self.tightness = 1.0
        self.hazard_tables = HazardTables.build(cfg.behaviour, transitions.max_age_months(pop, cfg.horizon_months))
        self.job_ends = JobEndQueue()
        self.retirements = RetirementQueue(transitions.retirement_months(pop, cfg.policy, self.start_index))

    @property
    def month_index(self) -> int:
        return self.start_index + self.t

    @property
    def has_scheme(self) -> bool:
        return self.design != "status_quo"

    def place(self, rows, status: Status, **columns) -> MinimalWorld:
        """Put people ``rows`` in ``status`` and set other person columns (``fte=0.8``...)."""
        rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        self.state.status[rows] = status
        for name, value in columns.items():
            getattr(self.state, name)[rows] = value
        return self


def world(cfg: RunConfig, pop: Population, name: str = "scenario", month: int = 0) -> MinimalWorld:
    """A :class:`MinimalWorld` on ``pop`` at month ``month``, everyone jobless with no rights."""
    w = MinimalWorld(cfg, pop, name)
    w.t = month
    return w
