"""The Mesa model of one world: a design (or the status quo) applied to the territory's people.

A run pairs two of these, the scenario and its status-quo twin, stepped month by month in
lockstep on the same :class:`~sim.engine.population.Population` (see :mod:`sim.engine.paired`).
One step is one month: entries, exits, job finding, the benefit time limit, volunteering and
hiring, then every euro of the month is posted to the double-entry ledger.

Jobseeker agents are Mesa agents, but they are created when first asked for
(``model.agents``, ``model.agents_by_type`` or :meth:`TZCLDModel.jobseeker`), not as people
enter: a basin run has 366,000 of them across its two worlds, and creating them would cost more
than simulating ten years, for agents whose state lives in the person arrays anyway.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.calendar import first_day
from sim.config.schema import RunConfig
from sim.engine import ebe, flows, income, operators, transitions, volunteering
from sim.engine.builder import build_world
from sim.engine.events import JobEndQueue, RetirementQueue
from sim.engine.jobseeker import Jobseeker
from sim.engine.population import Population
from sim.engine.state import PersonState, Status
from sim.engine.world import MonthlyWorld
from sim.rules.hazards import HazardTables

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
        build_world(self, cfg, world)
        self.population = population
        self.twin = twin
        self.n_present = 0
        self.state = PersonState.empty(population.size)
        self.materialize = cfg.agents.materialize_jobseekers
        self._jobseekers: list[Jobseeker] = []
        self.start_run()
        self.job_ends = JobEndQueue()
        self.retirements = RetirementQueue(transitions.retirement_months(population, self.policy, self.start_index))
        self.hazard_tables = HazardTables.build(
            self.behaviour, transitions.max_age_months(population, cfg.horizon_months)
        )

    # ------------------------------------------------------------------ agents on demand
    @property
    def agents(self) -> mesa.agent.AgentSet:
        """Every agent of this world, the jobseekers present among them (created on first access)."""
        self._materialize_jobseekers()
        return super().agents

    @property
    def agents_by_type(self) -> dict[type, mesa.agent.AgentSet]:
        """Agents by class, the jobseekers present among them (created on first access)."""
        self._materialize_jobseekers()
        return super().agents_by_type

    def _materialize_jobseekers(self) -> None:
        if self.materialize:
            self._jobseekers.extend(Jobseeker(self, person) for person in range(len(self._jobseekers), self.n_present))

    def jobseeker(self, person_id: int) -> Jobseeker:
        """The agent of one person (a detached view when agents are not materialised)."""
        if not 0 <= person_id < self.n_present:
            raise IndexError(f"person {person_id} is not present (0 .. {self.n_present - 1})")
        if self.materialize:
            self._materialize_jobseekers()
            return self._jobseekers[person_id]
        view = Jobseeker(self, person_id)
        view.remove()  # a detached view: not registered, so look-ups do not pile up in self.agents
        return view

    # ------------------------------------------------------------------ step
    def begin_month(self) -> None:
        """Transitions, hiring and this world's own postings of the month."""
        c = self.counters
        lo = self.n_present
        self.n_present = int(self.population.entered_by[self.t])
        c.new_ris_files += transitions.admit(self, lo, self.n_present)
        transitions.retire_and_leave(self)
        if self.operators:
            self.totals.exits_to_ordinary += operators.end_contracts(self)
            operators.permanent_job_exits(self)
        if self.ebes:
            self.totals.exits_to_ordinary += ebe.exits(self)
        transitions.find_and_lose_ordinary_jobs(self, self.programme_multipliers if self.operators else None)
        # Between here and the payment of benefits people only leave the recipients.
        recipients = flows.benefit_recipients(self)
        c.new_ris_files += transitions.apply_time_limit(self, recipients)

        jobs_created = np.zeros(len(self.ebes), dtype=np.int64)
        if self.has_scheme and self.fund is not None and self.fund.closed(self.t):
            # a closed scheme takes no more volunteers and nobody waits for it any longer
            volunteering.take_off_list(self, volunteering.waiting(self))
        elif self.has_scheme:
            volunteering.sign_up(self)
            if self.ebes:
                hiring = ebe.hire(self)
                c.hires += hiring.hires
                jobs_created = hiring.jobs_created
            if self.operators:
                c.hires += operators.place(self)

        c.benefits = flows.pay_benefits(self, recipients, c.new_ris_files)
        flows.pay_ordinary_wages(self)
        flows.pay_in_work_benefit(self)
        if self.ebes:
            month = ebe.settle(self, jobs_created)
            c.fund_outlays, c.sales, c.displaced_sales = month.fund_outlays, month.sales, month.displaced_sales
            c.jobs_created, c.ebe_funding_per_fte = month.jobs_created, month.funding_per_fte
        if self.operators:
            c.operator_funding_per_fte = operators.settle(self)

    # ------------------------------------------------------------------ recording
    def compare_with_twin(self) -> None:
        """Participants' income and volunteers' employment against the twin (see :mod:`sim.engine.income`)."""
        comparison = income.measure_against_twin(self, self.twin)
        income.add_to_totals(self, comparison)
        self.totals.evaluation.append(income.evaluation_month(self, self.twin, comparison))

    def advance_clocks(self) -> None:
        """End of month: spells get one month longer and insured people use a month of rights."""
        transitions.advance_clocks(self)

    def record_month(self) -> dict[str, float]:
        """The month's stocks and flows, read from the person arrays, the agents and the counters."""
        s, n = self.state, self.n_present
        status = s.status[:n]
        # Comparisons on the int8 status column are cheaper than bincount's widening copy.
        counts = [int(np.count_nonzero(status == code)) for code in range(STATUS_COUNT)]
        fte = {code: float(s.fte[np.flatnonzero(status == code)].sum(dtype=np.float64)) for code in (1, 2)}
        jobless_months = s.duration[np.flatnonzero(status == Status.JOBLESS)]
        waiting = np.flatnonzero(s.volunteer_month[:n] >= 0)
        eligible_min = self.scenario.volunteering.eligibility_min_months.value
        benefits = self.counters.benefits
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
            "on_insurance": benefits.insurance,
            "on_ris": benefits.ris,
            "no_benefit": benefits.none,
            **self.common_record(),
        }
        if self.policy.solidarity_allowance is not None:
            record["on_solidarity_allowance"] = benefits.solidarity
        return record
