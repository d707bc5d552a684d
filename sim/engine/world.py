"""The declared world: what engine functions may read and change, and the order of a month.

:class:`World` is the one statement of what the vectorised rules (transitions, volunteering,
hiring, placements, flows, the comparison with the twin) see of a world: its configuration,
its people, its clock, its institutions and its ledger. They are typed against it, never against
the concrete Mesa model, and they *return* what they count (hires, exits, new RIS files,
sales); the month cycle adds it up into :class:`MonthCounters` and :class:`RunTotals`.

:class:`MonthlyWorld` owns the order of a month for both the fast engine
(:class:`~sim.engine.model.TZCLDModel`) and the per-agent reference
(:class:`~sim.engine.reference.ReferenceModel`): the twin's month first and left open, then the
scenario's, the comparison of the same people in both, firms, the fund, and both months closed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from sim.engine.pipeline import Stage
from sim.rules.hazards import tightness_factor

if TYPE_CHECKING:
    from sim.config.schema import BehaviourConfig, PolicyConfig, RunConfig, ScenarioConfig, TerritoryConfig
    from sim.engine.ebe import EmploymentEnterprise
    from sim.engine.events import JobEndQueue, RetirementQueue
    from sim.engine.firms import LocalBusiness
    from sim.engine.fund import Fund
    from sim.engine.operators import Operator
    from sim.engine.payers import Payer
    from sim.engine.population import Population
    from sim.engine.state import PersonState
    from sim.ledger import Ledger
    from sim.rules.hazards import HazardTables


@dataclass
class BenefitCounts:
    """People drawing each kind of benefit this month (jobless or in training).

    Attributes:
        insurance: On unemployment insurance.
        ris: On the CPAS's RIS (France: RSA).
        solidarity: On a solidarity allowance (France: ASS); 0 where there is none.
        none: Drawing nothing.
    """

    insurance: int = 0
    ris: int = 0
    solidarity: int = 0
    none: int = 0


@dataclass
class MonthCounters:
    """What happened in a world this month; started afresh each month, read by the recorder.

    Attributes:
        hires: People hired by an EBE or placed in a scheme job.
        new_ris_files: RIS files opened by people the time limit excluded (the State pays a fee each).
        benefits: Benefit recipients by kind.
        sales: EBE sales.
        displaced_sales: Sales taken from local firms.
        local_spending: Participants' extra spending in local firms.
        fund_outlays: What the fund paid EBEs (contributions, grants, top-ups).
        jobs_created: Jobs the EBEs created (headcount above their previous peak).
        ebe_funding_per_fte: Public money each EBE received per FTE (start-up grants apart).
        operator_funding_per_fte: Public money each operator received per FTE of its job contracts.
        hiring_constraint: What held hiring back (:class:`sim.engine.ebe.HiringConstraint`; for
            a world with EBEs, the constraint of most of its selected territories).
    """

    hires: int = 0
    new_ris_files: int = 0
    benefits: BenefitCounts = field(default_factory=BenefitCounts)
    sales: float = 0.0
    displaced_sales: float = 0.0
    local_spending: float = 0.0
    fund_outlays: float = 0.0
    jobs_created: int = 0
    ebe_funding_per_fte: np.ndarray = field(default_factory=lambda: np.zeros(0))
    operator_funding_per_fte: np.ndarray = field(default_factory=lambda: np.zeros(0))
    hiring_constraint: str = "none"


@dataclass
class RunTotals:
    """What a world accumulates over the horizon (the comparisons with the twin among it).

    Attributes:
        exits_to_ordinary: Scheme workers who left for an ordinary job.
        income_gain_sum: Participants' income minus the same people's in the twin, summed over
            person-months.
        income_gain_person_months: Person-months in that sum.
        employment_effect_sum: Employed in the scenario minus in the twin, over volunteers'
            first 24 months after volunteering.
        employment_effect_person_months: Person-months in that sum.
        participants_poverty: Share of participants below the poverty line in the scenario and
            in the twin, in the last month measured.
        evaluation: One row a month of sums over participants in their first 12 months after
            entry, in both worlds (:func:`sim.engine.income.evaluation_month`).
    """

    exits_to_ordinary: int = 0
    income_gain_sum: float = 0.0
    income_gain_person_months: int = 0
    employment_effect_sum: int = 0
    employment_effect_person_months: int = 0
    participants_poverty: tuple[float, float] = (math.nan, math.nan)
    evaluation: list[dict[str, float]] = field(default_factory=list)


class World(Protocol):
    """What the vectorised engine functions may read and change.

    Configuration (read-only during a run): ``cfg``, ``scenario`` (with the policy's legislated
    funding applied, see :func:`sim.rules.scheme.legislated_scenario`), ``territory``,
    ``policy`` (and ``policy_key``, a digest of its values), ``behaviour``, ``seed``. People:
    ``population`` (fixed attributes, shared with the twin) and ``state`` (mutable columns;
    rows ``0 .. n_present - 1`` are present).
    Clock: ``t`` and ``month_index``. What the month and the run count: ``counters``,
    ``totals``. Institutions (built by :func:`sim.engine.builder.build_world`):
    ``payers``, ``firms``, ``ebes``, ``operators``, ``fund``, ``ledger``. Labour market:
    ``tightness`` and the status-quo ``hazard_tables``. Event queues of the fast engine: ``job_ends``, ``retirements``.
    """

    cfg: RunConfig
    world: str
    design: str
    scenario: ScenarioConfig
    territory: TerritoryConfig
    policy: PolicyConfig
    policy_key: str
    behaviour: BehaviourConfig
    seed: int
    population: Population
    state: PersonState
    n_present: int
    t: int
    ledger: Ledger
    payers: list[Payer]
    payer_names: list[str]
    firms: list[LocalBusiness]
    ebes: list[EmploymentEnterprise]
    operators: list[Operator]
    fund: Fund | None
    programme_multipliers: np.ndarray
    hiring_aid_programmes: np.ndarray
    tightness: float
    hazard_tables: HazardTables
    counters: MonthCounters
    totals: RunTotals
    job_ends: JobEndQueue
    retirements: RetirementQueue

    @property
    def month_index(self) -> int:
        """Absolute month index of the current step (see :mod:`sim.calendar`)."""
        ...

    @property
    def has_scheme(self) -> bool:
        """Whether this world runs a design other than the status quo."""
        ...


class MonthlyWorld:
    """Clock, counters and month cycle of one world (a Mesa model subclass mixes this in).

    A subclass sets the declared attributes through :func:`sim.engine.builder.build_world` and
    says how its people move and are counted (:meth:`begin_month`, :meth:`compare_with_twin`,
    :meth:`record_month`, :meth:`advance_clocks`).
    """

    start_index: int
    t: int
    design: str
    twin: Any
    counters: MonthCounters
    totals: RunTotals

    def start_run(self) -> None:
        """Start the run's counters, its comparisons with the twin and its labour market."""
        self.counters = MonthCounters()
        self.totals = RunTotals()
        self.tightness = 1.0
        self.tightness_base: tuple[float, float] | None = None
        self.records: list[dict[str, float]] = []
        self.territory_records: list[dict[str, Any]] = []
        self.last_net_outflow: dict[str, float] = {}

    @property
    def month_index(self) -> int:
        """Absolute month index of the current step (see :mod:`sim.calendar`)."""
        return self.start_index + self.t

    @property
    def has_scheme(self) -> bool:
        """Whether this world runs a design other than the status quo."""
        return self.design != "status_quo"

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """Simulate one month (of this world and, for a scenario, of its twin in lockstep).

        The twin's month is simulated first and left open, so that the scenario can compare its
        people with the same people in the twin and read what each payer spends there this month.
        """
        if self.twin is not None:
            self.twin.open_month()
        self.open_month()
        if self.twin is not None and self.has_scheme:
            self.compare_with_twin()
        self.update_firms()
        if self.fund is not None:
            twin_ledger = self.twin.ledger if self.twin is not None else None
            self.fund.finance(self.ledger, self.counters.fund_outlays, self.t, self.payer_names, twin_ledger)
        if self.twin is not None:
            self.twin.end_month()
            self.twin.steps += 1
        self.end_month()

    def open_month(self) -> None:
        """Start this month's counters, then run its transitions, hiring and postings."""
        self.counters = MonthCounters()
        self.begin_month()

    def end_month(self) -> None:
        """Record the month, age the spells, close the ledger month, update tightness."""
        if self.twin is None:
            self.update_firms()
        record = self.record_month()
        self.advance_clocks()
        self.last_net_outflow = self.ledger.close_month()
        total = 0.0
        for payer in self.payers:
            net = self.last_net_outflow.get(payer.name, 0.0)
            payer.net_spending_history.append(net)
            record[f"net_spending_{payer.name}_eur"] = net
            total += net
        record["public_net_spending_eur"] = total
        self.records.append(record)
        self.update_tightness(record["jobless"])
        self.t += 1

    def update_firms(self) -> None:
        """Local firms' jobs follow this month's displaced sales and participants' spending."""
        employment = sum(f.employment0 for f in self.firms) or 1.0
        for firm in self.firms:
            firm.update(self.counters.displaced_sales, self.counters.local_spending, firm.employment0 / employment)

    def update_tightness(self, jobless: int) -> None:
        """Next month's job-finding multiplier from local vacancies and the jobless count."""
        vacancies = sum(f.vacancies for f in self.firms)
        if self.tightness_base is None:
            self.tightness_base = (vacancies, jobless)
        self.tightness = tightness_factor(self.behaviour, vacancies, jobless, *self.tightness_base)

    def common_record(self) -> dict[str, Any]:
        """The record columns read from the institutions and counters (the same in every world)."""
        c = self.counters
        return {
            "hires": c.hires,
            "jobs_created": c.jobs_created,
            "ebe_cash_eur": float(sum(e.cash for e in self.ebes)),
            "ebe_sales_eur": float(c.sales),
            "displaced_sales_eur": float(c.displaced_sales),
            "displaced_fte": float(sum(f.displaced_jobs for f in self.firms)),
            "local_spending_eur": float(c.local_spending),
            "ebes_in_loss": int(sum(1 for e in self.ebes if e.loss_months > 0)),
            "exits_to_ordinary_jobs_cum": self.totals.exits_to_ordinary,
            "hiring_constraint": str(c.hiring_constraint),
            "territories_open": int(sum(1 for e in self.ebes if e.created(self.t))),
            "territories_stopped": int(sum(1 for e in self.ebes if e.stopped_month is not None)),
            "activities_launched": int(sum(e.pipeline.count(Stage.LAUNCHED) for e in self.ebes)),
            "ebe_posts_fte": float(sum(e.pipeline.posts for e in self.ebes if e.created(self.t))),
            "ebe_supervisors": int(sum(e.supervisors for e in self.ebes)),
        }

    # ------------------------------------------------------------------ what subclasses provide
    def begin_month(self) -> None:
        """Transitions, hiring and this world's own postings of the month."""
        raise NotImplementedError

    def compare_with_twin(self) -> None:
        """Measure the scenario's people against the same people in the twin this month."""
        raise NotImplementedError

    def record_month(self) -> dict[str, Any]:
        """The month's stocks and flows (before clocks advance)."""
        raise NotImplementedError

    def advance_clocks(self) -> None:
        """End of month: spells get one month longer."""
        raise NotImplementedError
