"""The Mesa model of one world: a design (or the status quo) applied to the territory's people.

A run pairs two of these, the scenario and its status-quo twin, stepped month by month in
lockstep on the same :class:`~sim.population.Population` (see :mod:`sim.paired`). One step is
one month: entries, exits, job finding, the benefit time limit, volunteering and hiring, then
every euro of the month is posted to the double-entry ledger.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import accounts as acc
from sim import ebe, flows, fund, operators, transitions, volunteering
from sim.agents import Jobseeker, Operator
from sim.calendar import first_day, parse_month
from sim.config.schema import RunConfig
from sim.income import measure_against_twin
from sim.ledger import Ledger
from sim.population import Population
from sim.rules.scheme import legislated_scenario
from sim.state import PersonState, Status
from sim.world import MonthlyWorld

STATUS_COUNT = len(Status)


class TZCLDModel(MonthlyWorld, mesa.Model):
    """One world of a paired run.

    Args:
        cfg: The run configuration.
        population: The people, shared with the paired world.
        world: ``"scenario"`` or ``"twin"``; the twin always applies the status quo.
        twin: The status-quo world this scenario is compared with (stepped first each month).
    """

    def __init__(
        self,
        cfg: RunConfig,
        population: Population,
        world: str = "scenario",
        twin: TZCLDModel | None = None,
    ) -> None:
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        self.world = world
        self.design = cfg.scenario.design if world == "scenario" else "status_quo"
        # a policy that legislates the scheme's funding (France) replaces the scenario's fund rules
        self.scenario = legislated_scenario(cfg.scenario, cfg.policy)
        self.territory = cfg.territory
        self.policy = cfg.policy
        self.behaviour = cfg.behaviour
        self.population = population
        self.seed = cfg.seed
        self.twin = twin
        self.start_index = parse_month(cfg.start)
        self.t = 0
        self.n_present = 0
        self.state = PersonState.empty(population.size)
        self.materialize = cfg.agents.materialize_jobseekers
        self._jobseekers: list[Jobseeker] = []

        self.create_institutions()
        self.operators: list[Operator] = []
        if self.design == "existing_actors":
            jobseekers = self.territory.jobseekers.value
            self.operators = [Operator(self, i, op, jobseekers) for i, op in enumerate(self.scenario.operators)]
        self.hiring_aid_programs = np.array(
            [op.index for op in self.operators if op.kind == "hiring_aid"], dtype=np.int8
        )
        self._program_multiplier = np.array(
            [op.config.hazard_multiplier.value if op.kind == "coaching" else 1.0 for op in self.operators] + [1.0]
        )

        accounts = {name: acc.PAYER for name in self.payer_names}
        accounts |= {e.name: acc.EBE for e in self.ebes} | {op.name: acc.OPERATOR for op in self.operators}
        accounts |= {
            acc.HOUSEHOLDS: acc.HOUSEHOLD,
            acc.LOCAL_BUSINESSES: acc.FIRM,
            acc.LOCAL_CUSTOMERS: acc.OTHER,
            acc.REST_OF_ECONOMY: acc.OTHER,
        }
        self.ledger = Ledger(accounts)
        self.last_net_outflow: dict[str, float] = {}

        self.reset_counters()
        # Counters of this engine only (benefit regimes, reform files, poverty against the twin).
        self.new_reform_ris_files = 0
        self.benefit_counts = (0, 0, 0)
        self.solidarity_count = 0
        self.participants_poverty = (float("nan"), float("nan"))
        self._job_ends: dict[int, list[np.ndarray]] = {}
        # Retirements are known in advance: an event queue sorted by month.
        retire = transitions.retirement_months(self)
        self._retire_order = np.argsort(retire, kind="stable")
        self._retire_sorted = retire[self._retire_order]

    # ------------------------------------------------------------------ step
    def begin_month(self) -> None:
        """Transitions, hiring and this world's own postings of the month."""
        self._admit_entrants()
        transitions.retire_and_leave(self)
        if self.operators:
            operators.end_contracts(self)
            operators.permanent_job_exits(self)
        if self.ebes:
            ebe.exits(self)
        transitions.find_and_lose_ordinary_jobs(self, self._program_multiplier if self.operators else None)
        # Between here and the payment of benefits people only leave the recipients.
        recipients = flows.benefit_recipients(self)
        transitions.apply_time_limit(self, recipients)

        jobs_created = np.zeros(len(self.ebes), dtype=np.int64)
        if self.has_scheme and self.ebes and fund.closed(self):
            # a closed scheme takes no more volunteers and nobody waits for it any longer
            volunteering.take_off_list(self, volunteering.waiting(self))
        elif self.has_scheme:
            volunteering.sign_up(self)
            if self.ebes:
                jobs_created = ebe.hire(self)
            if self.operators:
                operators.place(self)

        flows.pay_benefits(self, recipients)
        flows.pay_ordinary_wages(self)
        flows.pay_in_work_benefit(self)
        self._fund_outlays, self._sales = 0.0, 0.0
        if self.ebes:
            self._fund_outlays, self._sales = ebe.settle(self, jobs_created)
        if self.operators:
            operators.settle(self)

    def retiring_in(self, month: int) -> np.ndarray:
        """Rows of the people present who reach the pension age in ``month``."""
        lo, hi = np.searchsorted(self._retire_sorted, [month, month + 1])
        rows = self._retire_order[lo:hi]
        return np.sort(rows[rows < self.n_present])

    def schedule_job_ends(self, rows: np.ndarray, months: np.ndarray) -> None:
        """Queue the end months of ordinary jobs started this month."""
        order = np.argsort(months, kind="stable")
        rows, months = rows[order], months[order]
        bounds = np.flatnonzero(np.diff(months)) + 1
        for chunk_rows, chunk_months in zip(np.split(rows, bounds), np.split(months, bounds), strict=True):
            if chunk_rows.size:
                self._job_ends.setdefault(int(chunk_months[0]), []).append(chunk_rows)

    def job_ends_in(self, month: int) -> np.ndarray:
        """Rows whose ordinary job was drawn to end in ``month`` (some may have left it since)."""
        chunks = self._job_ends.pop(month, [])
        return np.sort(np.concatenate(chunks)) if chunks else np.empty(0, dtype=np.int64)

    def _admit_entrants(self) -> None:
        lo = self.n_present
        self.n_present = int(self.population.entered_by[self.t])
        transitions.admit(self, lo, self.n_present)
        if self.materialize:
            self._jobseekers.extend(Jobseeker(self, person) for person in range(lo, self.n_present))

    # ------------------------------------------------------------------ recording
    def compare_with_twin(self) -> None:
        """Participants' income and volunteers' employment against the twin (see :mod:`sim.income`)."""
        measure_against_twin(self, self.twin)

    def advance_clocks(self) -> None:
        """End of month: spells get one month longer and insured people use a month of rights."""
        transitions.advance_clocks(self)

    def record_month(self) -> dict[str, float]:
        """The month's stocks and flows, read from the person arrays and the agents."""
        sales = self._sales
        s, n = self.state, self.n_present
        status = s.status[:n]
        # Comparisons on the int8 status column are cheaper than bincount's widening copy.
        counts = [int(np.count_nonzero(status == code)) for code in range(STATUS_COUNT)]
        fte = {code: float(s.fte[np.flatnonzero(status == code)].sum(dtype=np.float64)) for code in (1, 2)}
        jobless_months = s.duration[np.flatnonzero(status == Status.JOBLESS)]
        waiting = np.flatnonzero(s.volunteer_month[:n] >= 0)
        eligible_min = self.scenario.volunteering.eligibility_min_months.value
        on_insurance, on_ris, no_benefit = self.benefit_counts
        record = {
            "date": first_day(self.month_index),
            "month": self.t,
            "world": self.world,
            "jobless": int(counts[Status.JOBLESS]),
            "jobless_over_2y": int(np.count_nonzero(jobless_months >= 24)),
            "eligible": int(np.count_nonzero(jobless_months >= eligible_min)),
            "volunteers_waiting": int(waiting.size),
            "longest_wait_months": int(self.t - s.volunteer_month[waiting].min()) if waiting.size else 0,
            "ebe_employees": int(counts[Status.EBE]),
            "ebe_fte": float(fte[Status.EBE]),
            "subsidised_contracts": int(counts[Status.SCHEME_JOB]),
            "subsidised_fte": float(fte[Status.SCHEME_JOB]),
            "in_training": int(counts[Status.TRAINING]),
            "in_ordinary_job": int(counts[Status.ORDINARY]),
            "out_of_labour_force": int(counts[Status.OUT]),
            "on_insurance": on_insurance,
            "on_ris": on_ris,
            "no_benefit": no_benefit,
            "hires": self.hires_this_month,
            "ebe_cash_eur": float(sum(e.cash for e in self.ebes)),
            "ebe_sales_eur": float(sales),
            "displaced_sales_eur": float(self.displaced_sales),
            "displaced_fte": float(sum(f.displaced_jobs for f in self.firms)),
            "local_spending_eur": float(self.local_spending),
            "ebes_in_loss": int(sum(1 for e in self.ebes if e.loss_months > 0)),
            "exits_to_ordinary_jobs_cum": self.exits_to_ordinary,
        }
        if self.policy.solidarity_allowance is not None:
            record["on_solidarity_allowance"] = self.solidarity_count
        self.hires_this_month = 0
        self.displaced_sales = 0.0
        self.local_spending = 0.0
        return record

    def jobseeker(self, person_id: int) -> Jobseeker:
        """The agent of one person (created on demand when agents are not materialised)."""
        if not 0 <= person_id < self.n_present:
            raise IndexError(f"person {person_id} is not present (0 .. {self.n_present - 1})")
        if self.materialize:
            return self._jobseekers[person_id]
        view = Jobseeker(self, person_id)
        view.remove()  # a detached view: not registered, so look-ups do not pile up in self.agents
        return view
