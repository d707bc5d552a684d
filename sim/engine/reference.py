"""A slow, per-agent reference implementation of the engine's rules, in Mesa's plain idiom.

What it is for:

* **A correctness oracle.** The fast engine (:mod:`sim.engine.model`,
  :mod:`sim.engine.transitions`, ...) keeps every person in numpy columns and moves everyone at
  once with keyed draws. This module implements the *same* monthly rules the way a Mesa model is
  usually written: one :class:`ReferenceJobseeker` object per person with plain Python
  attributes, stepped in random order with ``shuffle_do``, each drawing its own events from the
  model's Python RNG (``self.model.random.random()``). The two implementations are built by the
  same :func:`sim.engine.builder.build_world` (rules, institutions, fund and accounts) and share
  the rule functions of :mod:`sim.rules`, the EBE's accounts and the fund; they share nothing of
  the vectorised machinery, so if they give the same *distributions* of monthly outcomes over
  many seeds (``tests/engine/test_reference.py``), the vectorisation (masks, ordering of phases,
  the waiting-list sort, the keyed draws) is right.
* **The baseline of the speed benchmark** (``benchmarks/bench_engine.py``): what the simulator
  would cost written in the ordinary per-agent style.

What it implements: the ``status_quo`` and ``full_transposition`` designs, under either policy
(Belgian rules, or the French ones: ASS after insurance, the prime d'activité, the legislated
fund), with any fund financing (fixed shares, savings, a fixed budget and its closing rules).
What it refuses, with :class:`ReferenceUnsupported`: the ``existing_actors`` design (the
operators exist only in the fast engine). It does not have common random numbers: the twin is a
second :class:`ReferenceModel` with its own RNG, so "scenario minus twin" carries Monte-Carlo
noise here. The only place where the engine couples the two worlds person by person is the
participants' extra local spending (which moves local firms' vacancies, hence labour-market
tightness); the reference computes it the same way, against its own twin, so its marginal
distribution may differ slightly from the engine's. That spending moves the pilot's vacancies by
about 0.05 % (hence job finding by about 0.015 %), far below what the oracle test can resolve.

The people's fixed attributes and the number of entrants each month are taken from
:func:`sim.engine.population.generate_population`, so the engine and the reference simulate the
same populations; everything that happens to a person month by month is drawn and applied here,
per agent.

Example:
    >>> from sim.config.load import load_config
    >>> cfg = load_config(["territory=pilot", "horizon_months=24"])
    >>> scenario, twin = run_reference_pair(cfg)
    >>> scenario.records[-1]["jobless"]  # doctest: +SKIP
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import accounts as acc
from sim.calendar import first_day
from sim.config.schema import Design, RunConfig
from sim.engine.builder import build_world
from sim.engine.ebe import commitment_per_fte_month, settle_accounts
from sim.engine.flows import pay_wages
from sim.engine.income import EMPLOYMENT_EFFECT_MONTHS, TwinComparison, add_to_totals
from sim.engine.population import Population, generate_population
from sim.engine.state import Regime, Status
from sim.engine.world import MonthlyWorld
from sim.rules import benefits, hazards, in_work_benefit, ris_reimbursement
from sim.rules.hazards import monthly_from_yearly
from sim.rules.indexation import amount_at
from sim.rules.wages import pay_per_fte

SUPPORTED_DESIGNS = (Design.status_quo, Design.full_transposition)

# Plain ints: the per-agent code compares statuses millions of times.
JOBLESS = int(Status.JOBLESS)
EBE = int(Status.EBE)
SCHEME_JOB = int(Status.SCHEME_JOB)
TRAINING = int(Status.TRAINING)
ORDINARY = int(Status.ORDINARY)
OUT = int(Status.OUT)
NONE = int(Regime.NONE)
INSURANCE = int(Regime.INSURANCE)
RIS = int(Regime.RIS)
SOLIDARITY = int(Regime.SOLIDARITY)
DRAWING = (JOBLESS, TRAINING)  # statuses in which a person can draw a benefit
WORKING = (EBE, SCHEME_JOB, ORDINARY)


class ReferenceUnsupported(ValueError):
    """A configuration the per-agent reference does not implement (it would silently differ)."""


def unsupported(cfg: RunConfig) -> list[str]:
    """Why the reference cannot run ``cfg`` (empty when it can)."""
    reasons = []
    if cfg.scenario.design not in SUPPORTED_DESIGNS:
        reasons.append(
            f"scenario.design = {cfg.scenario.design!r}: the reference implements "
            f"{', '.join(SUPPORTED_DESIGNS)} (the existing-actors operators are only in the fast engine)"
        )
    return reasons


def world_seed(seed: int, world: str) -> int:
    """Seed of one world's Python RNG: the config seed for the scenario, a derived one for the twin.

    The reference has no common random numbers, so the twin gets its own stream (seeding both
    worlds identically would make their first draws coincide by accident, not by design).
    """
    if world == "scenario":
        return int(seed)
    return int(np.random.SeedSequence([int(seed), 0x7417]).generate_state(1, np.uint32)[0])


class ReferenceJobseeker(mesa.Agent):
    """One person, with the engine's person state as plain attributes.

    Fixed attributes are copied from the population; the mutable ones mirror the columns of
    :class:`sim.engine.state.PersonState` (same names, same meaning).

    Args:
        model: The reference world the person lives in.
        person_id: The person's id in the population (ids are given in order of entry).
    """

    def __init__(self, model: ReferenceModel, person_id: int) -> None:
        super().__init__(model)
        pop = model.population
        i = person_id
        self.person_id = i
        # Fixed attributes (the same people as in the engine).
        self.entry_month = int(pop.entry_month[i])
        self.age_at_entry_months = int(pop.age_at_entry_months[i])
        self.qualification = int(pop.qualification[i])
        self.household = int(pop.household[i])
        self.employability = float(pop.employability[i])
        self.ebe_index = int(pop.ebe_index[i])
        self.volunteer_draw = float(pop.volunteer_draw[i])
        self.working_time = float(pop.working_time[i])
        # Mutable state, as when registering as a jobseeker (sim.engine.transitions.admit).
        self.status = JOBLESS
        self.duration = int(pop.initial_duration[i])
        self.regime = int(pop.entry_regime[i])
        self.entitlement = int(pop.entitlement_months[i])
        # The initial stock has already used rights during its past months on benefit.
        self.rights_left = self.entitlement - self.duration if self.regime == INSURANCE else 0
        self.months_worked = 0
        self.excluded_by_reform = False
        self.ris_application = -1
        self.volunteer_month = -1
        self.first_volunteer_month = -1
        self.first_hire_month = -1
        self.fte = 0.0
        self.employability_boost = 0.0
        self.new_ris_file = False  # a CPAS file opened this month (the State pays a fee for it)
        # Rights brought in may already be exhausted under the time limit.
        self.apply_time_limit()

    # ------------------------------------------------------------------ helpers
    def age_years(self) -> float:
        """Age in years this month."""
        return (self.age_at_entry_months + (self.model.t - self.entry_month)) / 12.0

    def leave_labour_force(self) -> None:
        """Pension or labour-force exit: out for good, off the waiting list."""
        self.status = OUT
        self.volunteer_month = -1
        self.fte = 0.0

    def return_to_unemployment(self) -> None:
        """Lose a job: jobless again, with insurance rights earned by the months worked."""
        self.status = JOBLESS
        self.duration = 0
        self.fte = 0.0
        regained = int(benefits.rights_from_work(self.model.policy, self.months_worked))
        if regained > 0:
            self.regime = INSURANCE
            self.entitlement = regained
            self.rights_left = regained
            self.excluded_by_reform = False
        self.months_worked = 0

    def take_ordinary_job(self) -> None:
        """Hired by a local firm (the previous benefit regime is kept for a later spell)."""
        self.status = ORDINARY
        self.months_worked = 0
        self.volunteer_month = -1

    def join_ebe(self) -> None:
        """Hired by the EBE of the neighbourhood at the chosen working time."""
        self.status = EBE
        self.fte = self.working_time
        self.months_worked = 0
        if self.first_hire_month < 0:
            self.first_hire_month = self.model.t
        self.volunteer_month = -1

    def apply_time_limit(self) -> None:
        """Insured with rights used up: lose them once the time limit reaches this person's
        duration band; a share then obtains the RIS from the CPAS, and where the policy has a
        solidarity allowance (France: ASS) the next share obtains it (sim.rules.benefits)."""
        model = self.model
        if self.regime != INSURANCE or self.rights_left > 0 or not model.time_limit_in_force:
            return
        month = model.month_index
        wave = int(benefits.wave_date_for_duration(model.policy, self.duration, model.month_index))
        if wave > month:
            return
        ran_out = month + self.rights_left
        self.excluded_by_reform = True
        u = model.random.random()
        to_cpas_share = model.policy.unemployment_insurance.excluded_to_cpas_share.value
        if u < to_cpas_share:
            self.regime = RIS
            self.ris_application = max(ran_out, wave)
            self.new_ris_file = True
            return
        self.regime = SOLIDARITY if u < to_cpas_share + model.solidarity_share else NONE
        self.ris_application = -1

    def benefit(self) -> float:
        """Monthly benefit this month (0 without benefit); only meaningful while drawing."""
        if self.regime == INSURANCE:
            return self.model.insurance_amount(self.entitlement - self.rights_left + 1, self.household)
        if self.regime == RIS:
            return self.model.ris_amounts[self.household]
        if self.regime == SOLIDARITY:
            return self.model.solidarity_amount
        return 0.0

    def earnings(self) -> float:
        """Net earnings this month (0 when not in a job)."""
        if self.status == EBE:
            return self.fte * self.model.scheme_pay.net
        if self.status == ORDINARY:
            return self.model.market_pay.net
        return 0.0

    def income(self) -> float:
        """Own disposable income this month: benefit, RIS or net wage plus any in-work benefit."""
        if self.status in DRAWING:
            return self.benefit()
        earnings = self.earnings()
        return earnings + self.model.in_work_benefit(earnings) if earnings > 0 else earnings

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """This person's events of the month, in the engine's order of phases.

        Pension and labour-force exit; leaving the EBE (all at once if it closes); finding or
        losing an ordinary job; the benefit time limit; volunteering. Each event only reads this
        person's state and month-level quantities fixed before anyone moves (tightness, pension
        age, whether the scheme is closed), so running the phases person by person is the same
        process as running each phase for everyone.
        """
        model = self.model
        if self.status == OUT:
            return
        beh = model.behaviour
        age = self.age_years()

        # Pension age, then labour-force exit of jobless people (sim.engine.transitions.retire_and_leave).
        if age >= model.pension_age:
            self.leave_labour_force()
            return
        if self.status == JOBLESS and model.random.random() < float(hazards.labour_force_exit(beh, age)):
            self.leave_labour_force()
            return

        # Leaving the EBE: everyone when it closes, otherwise a share to an ordinary job and the
        # others back to unemployment (sim.engine.ebe.exits).
        if self.status == EBE:
            if model.ebes_close_now:
                self.return_to_unemployment()
            elif model.random.random() < model.ebe_exit_probability:
                if model.random.random() < model.scenario.ebe.exit_to_ordinary_share.value:
                    self.status = ORDINARY
                    self.fte = 0.0
                    self.months_worked = 0
                    model.totals.exits_to_ordinary += 1
                else:
                    self.return_to_unemployment()

        # Ordinary jobs: the jobless find one, the employed may lose it; someone who changes
        # status here does not face the other hazard in the same month.
        if self.status == JOBLESS:
            hazard = hazards.job_finding(
                beh,
                self.duration,
                self.qualification,
                age,
                self.employability + self.employability_boost,
                model.tightness,
            )
            if model.random.random() < float(hazard):
                self.take_ordinary_job()
        elif self.status == ORDINARY and model.random.random() < beh.job_separation.value:
            self.return_to_unemployment()

        # The benefit time limit for people who can draw a benefit.
        if self.status in DRAWING:
            self.apply_time_limit()

        if not model.has_scheme:
            return
        if model.scheme_closed:
            # a closed scheme takes no more volunteers and nobody waits for it any longer
            self.volunteer_month = -1
        elif (
            self.status == JOBLESS
            and self.duration >= model.eligibility_min_months
            and self.volunteer_month < 0
            and self.volunteer_draw < model.scenario.volunteering.takeup.value
            and model.random.random() < model.scenario.volunteering.monthly_hazard.value
        ):
            self.volunteer_month = model.t
            if self.first_volunteer_month < 0:
                self.first_volunteer_month = model.t

    def post_flows(self) -> None:
        """Post this person's money of the month to the ledger: benefit, RIS and its federal
        reimbursement, the CPAS file fee, the wage of an ordinary job, any in-work benefit."""
        model = self.model
        ledger, routing = model.ledger, model.policy.routing
        if self.new_ris_file:
            ledger.post(routing.ris_reimbursement, routing.ris, acc.RIS_FILE_FEE, model.ris_file_fee)
            self.new_ris_file = False
        if self.status in DRAWING:
            amount = self.benefit()
            if self.regime == INSURANCE:
                ledger.post(routing.unemployment_benefit, acc.HOUSEHOLDS, acc.UNEMPLOYMENT_BENEFIT, amount)
            elif self.regime == RIS:
                ledger.post(routing.ris, acc.HOUSEHOLDS, acc.RIS, amount)
                rate = model.ris_reimbursement_rate(self.excluded_by_reform, self.ris_application)
                ledger.post(routing.ris_reimbursement, routing.ris, acc.RIS_REIMBURSEMENT, amount * rate)
            elif self.regime == SOLIDARITY:
                ledger.post(routing.solidarity_allowance, acc.HOUSEHOLDS, acc.SOLIDARITY_ALLOWANCE, amount)
            return
        if self.status == ORDINARY:
            pay_wages(ledger, routing, acc.LOCAL_BUSINESSES, 1.0, model.market_pay)
        earnings = self.earnings()
        if earnings > 0 and model.policy.in_work_benefit is not None:
            amount = model.in_work_benefit(earnings)
            ledger.post(routing.in_work_benefit, acc.HOUSEHOLDS, acc.IN_WORK_BENEFIT, amount)

    def advance_clock(self) -> None:
        """End of month: a jobless spell gets longer and uses a month of rights; work adds a month."""
        if self.status in DRAWING:
            self.duration += 1
            if self.regime == INSURANCE:
                self.rights_left -= 1
        elif self.status in WORKING:
            self.months_worked += 1

    def __repr__(self) -> str:
        return f"ReferenceJobseeker({self.person_id}, {Status(self.status).name.lower()}, {self.duration} months)"


class ReferenceModel(MonthlyWorld, mesa.Model):
    """One world (scenario or status-quo twin) of the per-agent reference.

    Mirrors :class:`sim.engine.model.TZCLDModel` month by month: :meth:`begin_month` admits
    entrants, steps every jobseeker (``shuffle_do("step")``), lets each EBE hire from its own
    waiting list, posts each person's flows and settles the EBEs' accounts; :meth:`end_month`
    records the month, ages the spells and closes the ledger month.

    Args:
        cfg: The run configuration.
        population: The people (from :func:`sim.engine.population.generate_population`).
        world: ``"scenario"`` or ``"twin"``; the twin always applies the status quo.
        twin: The status-quo world this scenario is compared with (stepped in lockstep).

    Raises:
        ReferenceUnsupported: For a configuration the reference does not implement.
    """

    def __init__(
        self,
        cfg: RunConfig,
        population: Population,
        world: str = "scenario",
        twin: ReferenceModel | None = None,
    ) -> None:
        reasons = unsupported(cfg) if world == "scenario" else []
        if reasons:
            raise ReferenceUnsupported("the per-agent reference cannot run this configuration: " + "; ".join(reasons))
        super().__init__(rng=world_seed(cfg.seed, world))
        build_world(self, cfg, world)
        self.population = population
        self.twin = twin
        self.people: list[ReferenceJobseeker] = []  # by person id, to find a person's twin

        # Constants of the run.
        self.eligibility_min_months = self.scenario.volunteering.eligibility_min_months.value
        self.ebe_exit_probability = monthly_from_yearly(self.scenario.ebe.exit_rate_year.value) if self.ebes else 0.0
        self.solidarity_share = benefits.solidarity_share(self.policy)
        self.start_run()
        self._set_month_rules()

    # ------------------------------------------------------------------ time and rules
    def _set_month_rules(self) -> None:
        """Rules in force this month, from sim.rules (the same for everyone this month)."""
        policy, month = self.policy, self.month_index
        self.pension_age = policy.pension_age.at(month)
        self.time_limit_in_force = benefits.time_limit_in_force(policy, month)
        self.ris_amounts = [float(x) for x in benefits.ris_amounts(policy, month)]
        self.solidarity_amount = benefits.solidarity_amount(policy, month)
        self.ris_file_fee = ris_reimbursement.file_fee(policy, month)
        self.scheme_pay = pay_per_fte(policy, month)
        self.market_pay = pay_per_fte(policy, month, policy.wages.ordinary_job_wage_ratio.value, market=True)
        fund = self.fund
        self.ebes_close_now = fund is not None and fund.closes_now(self.t)
        self.scheme_closed = fund is not None and fund.closed(self.t)
        # Pure functions of (month, arguments): memoised within the month only.
        self._insurance_memo: dict[tuple[int, int], float] = {}
        self._reimbursement_memo: dict[tuple[bool, int], float] = {}
        self._in_work_memo: dict[float, float] = {}

    def insurance_amount(self, benefit_month: int, household: int) -> float:
        """Unemployment benefit this month (sim.rules.benefits.insurance_amount, memoised)."""
        key = (benefit_month, household)
        amount = self._insurance_memo.get(key)
        if amount is None:
            amount = float(benefits.insurance_amount(self.policy, self.month_index, benefit_month, household))
            self._insurance_memo[key] = amount
        return amount

    def ris_reimbursement_rate(self, excluded_by_reform: bool, application_month: int) -> float:
        """Federal share of one RIS file this month (sim.rules.ris_reimbursement, memoised)."""
        key = (excluded_by_reform, application_month)
        rate = self._reimbursement_memo.get(key)
        if rate is None:
            rate = float(
                ris_reimbursement.reimbursement_rates(
                    self.policy, self.territory, self.month_index, excluded_by_reform, application_month
                )
            )
            self._reimbursement_memo[key] = rate
        return rate

    def in_work_benefit(self, earnings: float) -> float:
        """Expected in-work benefit for these net earnings (sim.rules.in_work_benefit, memoised)."""
        amount = self._in_work_memo.get(earnings)
        if amount is None:
            amount = float(in_work_benefit.monthly_amounts(self.policy, self.month_index, np.array([earnings]))[0])
            self._in_work_memo[earnings] = amount
        return amount

    # ------------------------------------------------------------------ step
    def begin_month(self) -> None:
        """Entrants, every jobseeker's events, hiring, and the month's postings."""
        self._set_month_rules()
        self._admit_entrants()
        if self.ebes_close_now:
            for ebe in self.ebes:
                ebe.headcount = 0
        self.agents_by_type[ReferenceJobseeker].shuffle_do("step")
        jobs_created = np.zeros(len(self.ebes), dtype=np.int64)
        if self.ebes and not self.scheme_closed:
            jobs_created = self._hire()
        self.agents_by_type[ReferenceJobseeker].do("post_flows")
        if self.ebes:
            self._settle_ebes(jobs_created)

    def _admit_entrants(self) -> None:
        """The initial stock (month 0) and this month's inflows register as jobseekers."""
        for person_id in range(len(self.people), int(self.population.entered_by[self.t])):
            self.people.append(ReferenceJobseeker(self, person_id))

    def _hire(self) -> np.ndarray:
        """Each EBE hires the first volunteers of its own waiting list, in order of registration
        (then of id), within its onboarding capacity, unless its cash freezes hiring, and within a
        fixed budget's commitment rule where the fund has one.

        Returns:
            Jobs created by each EBE this month (headcount above its previous peak).
        """
        waiting: list[list[ReferenceJobseeker]] = [[] for _ in self.ebes]
        staff_fte = np.zeros(len(self.ebes))
        for person in self.agents_by_type[ReferenceJobseeker]:
            if person.volunteer_month >= 0:
                waiting[person.ebe_index].append(person)
            elif person.status == EBE:
                staff_fte[person.ebe_index] += person.fte
        queues = []
        for ebe in self.ebes:
            capacity = ebe.hiring_capacity(self.t)
            queue = sorted(waiting[ebe.index], key=lambda p: (p.volunteer_month, p.person_id))
            queues.append(queue[:capacity])
        if self.fund is not None and self.fund.budget is not None:
            queues = self._affordable(queues, staff_fte)
        created = np.zeros(len(self.ebes), dtype=np.int64)
        for ebe, hired in zip(self.ebes, queues, strict=True):
            for person in hired:
                person.join_ebe()
            created[ebe.index] = ebe.record_hires(len(hired), self.t)
            self.counters.hires += len(hired)
        return created

    def _affordable(self, queues: list[list[ReferenceJobseeker]], staff_fte: np.ndarray) -> list:
        """The leading candidates of each EBE's queue that its fixed budget can pay for."""
        hired = [person for queue in queues for person in queue]
        ids = np.array([person.person_id for person in hired], dtype=np.int64)
        ebe_of = np.array([person.ebe_index for person in hired], dtype=np.int64)
        working_time = np.array([person.working_time for person in hired])
        kept = set(
            self.fund.affordable_hires(
                self.t, ids, ebe_of, working_time, staff_fte, commitment_per_fte_month(self)
            ).tolist()
        )
        return [[person for person in queue if person.person_id in kept] for queue in queues]

    def _settle_ebes(self, jobs_created: np.ndarray) -> None:
        """Each EBE's accounts of the month (sim.engine.ebe.settle_accounts), from its staff's FTE."""
        fte = np.zeros(len(self.ebes))
        headcount = np.zeros(len(self.ebes), dtype=np.int64)
        for person in self.agents_by_type[ReferenceJobseeker]:
            if person.status == EBE:
                fte[person.ebe_index] += person.fte
                headcount[person.ebe_index] += 1
        month = settle_accounts(self, fte, headcount, jobs_created)
        c = self.counters
        c.fund_outlays, c.sales, c.displaced_sales = month.fund_outlays, month.sales, month.displaced_sales
        c.jobs_created, c.ebe_funding_per_fte = month.jobs_created, month.funding_per_fte

    def compare_with_twin(self) -> None:
        """Participants' income against the same people in the twin; their extra local spending."""
        twin = self.twin
        gains = extra = 0.0
        participants = below = below_twin = 0
        recent = difference = 0
        line = amount_at(self.policy.poverty_line_single_month, self.policy, self.month_index)
        for person in self.people:
            other = twin.people[person.person_id]
            if person.first_hire_month >= 0:
                income, income_twin = person.income(), other.income()
                gains += income - income_twin
                extra += max(income - income_twin, 0.0)
                participants += 1
                below += income < line
                below_twin += income_twin < line
            first = person.first_volunteer_month
            if first >= 0 and self.t - first < EMPLOYMENT_EFFECT_MONTHS:
                difference += int(person.status in WORKING) - int(other.status in WORKING)
                recent += 1
        local_spending = self.scenario.local_spending_multiplier.value * extra
        self.ledger.post(acc.HOUSEHOLDS, acc.LOCAL_BUSINESSES, acc.LOCAL_SPENDING, local_spending)
        comparison = TwinComparison(
            income_gain_sum=gains,
            participants=participants,
            poverty=(below / participants, below_twin / participants) if participants else None,
            local_spending=local_spending,
            employment_difference_sum=difference,
            recent_volunteers=recent,
        )
        add_to_totals(self, comparison)

    # ------------------------------------------------------------------ recording
    def advance_clocks(self) -> None:
        """Every jobseeker ages its own spell."""
        self.agents_by_type[ReferenceJobseeker].do("advance_clock")

    def record_month(self) -> dict[str, float]:
        """The month's stocks, counted person by person (the engine's record columns)."""
        counts = [0] * len(Status)
        over_2y = eligible = on_insurance = on_ris = on_solidarity = no_benefit = 0
        waiting = 0
        earliest_registration = self.t
        ebe_fte = 0.0
        for person in self.agents_by_type[ReferenceJobseeker]:
            status = person.status
            counts[status] += 1
            if status in DRAWING:
                if person.regime == INSURANCE:
                    on_insurance += 1
                elif person.regime == RIS:
                    on_ris += 1
                elif person.regime == SOLIDARITY:
                    on_solidarity += 1
                else:
                    no_benefit += 1
            if status == JOBLESS:
                over_2y += person.duration >= 24
                eligible += person.duration >= self.eligibility_min_months
            elif status == EBE:
                ebe_fte += person.fte
            if person.volunteer_month >= 0:
                waiting += 1
                earliest_registration = min(earliest_registration, person.volunteer_month)
        record = {
            "date": first_day(self.month_index),
            "month": self.t,
            "world": self.world,
            "jobless": counts[JOBLESS],
            "jobless_over_2y": over_2y,
            "eligible": eligible,
            "volunteers_waiting": waiting,
            "longest_wait_months": self.t - earliest_registration if waiting else 0,
            "ebe_employees": counts[EBE],
            "ebe_fte": ebe_fte,
            "subsidised_contracts": counts[SCHEME_JOB],
            "subsidised_fte": 0.0,
            "in_training": counts[TRAINING],
            "in_ordinary_job": counts[ORDINARY],
            "out_of_labour_force": counts[OUT],
            "on_insurance": on_insurance,
            "on_ris": on_ris,
            "no_benefit": no_benefit,
            **self.common_record(),
        }
        if self.policy.solidarity_allowance is not None:
            record["on_solidarity_allowance"] = on_solidarity
        return record


def run_reference_pair(cfg: RunConfig) -> tuple[ReferenceModel, ReferenceModel]:
    """Simulate the scenario and its status-quo twin with the per-agent reference.

    Both worlds hold the same people as the engine's run of ``cfg`` (same population), each with
    its own Python RNG (seeded from ``cfg.seed``).

    Args:
        cfg: The run configuration (see :func:`unsupported` for what the reference refuses).

    Returns:
        The scenario world and its twin after ``cfg.horizon_months`` months; each has a
        ``records`` list of monthly dicts.

    Raises:
        ReferenceUnsupported: For a configuration the reference does not implement.
    """
    reasons = unsupported(cfg)
    if reasons:
        raise ReferenceUnsupported("the per-agent reference cannot run this configuration: " + "; ".join(reasons))
    population = generate_population(cfg)
    twin = ReferenceModel(cfg, population, world="twin")
    scenario = ReferenceModel(cfg, population, world="scenario", twin=twin)
    for _ in range(cfg.horizon_months):
        scenario.step()
    return scenario, twin


def reference_records(cfg: RunConfig) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Run :func:`run_reference_pair` and return only the monthly records (scenario, twin).

    Records are small and picklable, unlike the models, so this is the function to hand to a
    process pool (the oracle test and the benchmark run the reference in child processes).
    """
    scenario, twin = run_reference_pair(cfg)
    return scenario.records, twin.records
