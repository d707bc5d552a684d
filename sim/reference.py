"""A slow, per-agent reference implementation of the jobseeker rules, in Mesa's plain idiom.

What it is for:

* **A correctness oracle.** The fast engine (:mod:`sim.model`, :mod:`sim.transitions`, ...) keeps
  every person in numpy columns and moves everyone at once with keyed draws. This module
  implements the *same* monthly rules the way a Mesa model is usually written: one
  :class:`ReferenceJobseeker` object per person with plain Python attributes, stepped in random
  order with ``shuffle_do``, each drawing its own events from the model's Python RNG
  (``self.model.random.random()``). The two implementations share the rule functions of
  :mod:`sim.rules` and nothing of the vectorised machinery, so if they give the same
  *distributions* of monthly outcomes over many seeds (``tests/test_reference.py``), the
  vectorisation (masks, ordering of phases, the waiting-list sort, the keyed draws) is right.
* **The baseline of the speed benchmark** (``benchmarks/bench_engine.py``): what the simulator
  would cost written in the ordinary per-agent style.

It is *not* a second simulator for users: it covers the ``status_quo`` and
``full_transposition`` designs only, and it does not have common random numbers. The twin is a
second :class:`ReferenceModel` with its own RNG, so "scenario minus twin" carries Monte-Carlo
noise here. The only place where the engine couples the two worlds person by person is the
participants' extra local spending (which moves local firms' vacancies, hence labour-market
tightness); the reference computes it the same way, against its own twin, so its marginal
distribution may differ slightly from the engine's. That spending moves the pilot's vacancies
by about 0.05 % (hence job finding by about 0.015 %), far below what the oracle test can
resolve.

The people's fixed attributes (age at entry, qualification, household, employability, EBE of
the neighbourhood, rights at entry, latent propensity to volunteer, chosen working time) and the
number of entrants each month are taken from :func:`sim.population.generate_population`, so the
engine and the reference simulate the same populations; everything that happens to a person
month by month is drawn and applied here, per agent.

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
from sim.calendar import first_day, parse_month
from sim.config.schema import RunConfig
from sim.ebe import settle_accounts
from sim.flows import pay_wages
from sim.ledger import Ledger
from sim.population import Population, generate_population
from sim.rules import benefits, hazards, ris_reimbursement
from sim.rules.hazards import monthly_from_yearly
from sim.rules.indexation import amount_at
from sim.rules.wages import pay_per_fte
from sim.state import Regime, Status
from sim.world import MonthlyWorld

SUPPORTED_DESIGNS = ("status_quo", "full_transposition")

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
DRAWING = (JOBLESS, TRAINING)  # statuses in which a person can draw a benefit
WORKING = (EBE, SCHEME_JOB, ORDINARY)


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
    :class:`sim.state.PersonState` (same names, same meaning).

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
        # Mutable state, as when registering as a jobseeker (sim.transitions.admit).
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
        duration band; a share then obtains the RIS from the CPAS (sim.rules.benefits)."""
        model = self.model
        if self.regime != INSURANCE or self.rights_left > 0 or not model.time_limit_in_force:
            return
        month = model.month_index
        wave = int(benefits.wave_date_for_duration(model.policy, self.duration, model.month_index))
        if wave > month:
            return
        ran_out = month + self.rights_left
        self.excluded_by_reform = True
        if model.random.random() < model.policy.unemployment_insurance.excluded_to_cpas_share.value:
            self.regime = RIS
            self.ris_application = max(ran_out, wave)
            self.new_ris_file = True
        else:
            self.regime = NONE
            self.ris_application = -1

    def benefit(self) -> float:
        """Monthly benefit this month (0 without benefit); only meaningful while drawing."""
        if self.regime == INSURANCE:
            return self.model.insurance_amount(self.entitlement - self.rights_left + 1, self.household)
        if self.regime == RIS:
            return self.model.ris_amounts[self.household]
        return 0.0

    def income(self) -> float:
        """Own disposable income this month: benefit, RIS or net wage (as sim.income)."""
        if self.status in DRAWING:
            return self.benefit()
        if self.status == EBE:
            return self.fte * self.model.scheme_pay.net
        if self.status == ORDINARY:
            return self.model.market_pay.net
        return 0.0

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """This person's events of the month, in the engine's order of phases.

        Pension and labour-force exit; leaving the EBE; finding or losing an ordinary job; the
        benefit time limit; volunteering. Each event only reads this person's state and
        month-level quantities fixed before anyone moves (tightness, pension age), so running
        the phases person by person is the same process as running each phase for everyone.
        """
        model = self.model
        if self.status == OUT:
            return
        beh = model.behaviour
        age = self.age_years()

        # Pension age, then labour-force exit of jobless people (sim.transitions.retire_and_leave).
        if age >= model.pension_age:
            self.leave_labour_force()
            return
        if self.status == JOBLESS and model.random.random() < float(hazards.labour_force_exit(beh, age)):
            self.leave_labour_force()
            return

        # Leaving the EBE: a share to an ordinary job, the others back to unemployment (sim.ebe.exits).
        if self.status == EBE and model.random.random() < model.ebe_exit_probability:
            if model.random.random() < model.scenario.ebe.exit_to_ordinary_share.value:
                self.status = ORDINARY
                self.fte = 0.0
                self.months_worked = 0
                model.exits_to_ordinary += 1
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

        # Volunteering once eligible (designs with a scheme).
        if (
            model.has_scheme
            and self.status == JOBLESS
            and self.duration >= model.eligibility_min_months
            and self.volunteer_month < 0
            and self.volunteer_draw < model.scenario.volunteering.takeup.value
            and model.random.random() < model.scenario.volunteering.monthly_hazard.value
        ):
            self.volunteer_month = model.t
            if self.first_volunteer_month < 0:
                self.first_volunteer_month = model.t

    def post_flows(self) -> None:
        """Post this person's money of the month to the ledger (benefit, RIS and its federal
        reimbursement, the CPAS file fee, or the wage of an ordinary job)."""
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
        elif self.status == ORDINARY:
            pay_wages(model, acc.LOCAL_BUSINESSES, 1.0, model.market_pay)

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

    Mirrors :class:`sim.model.TZCLDModel` month by month: :meth:`begin_month` admits entrants,
    steps every jobseeker (``shuffle_do("step")``), lets each EBE hire from its own waiting list,
    posts each person's flows and settles the EBEs' accounts; :meth:`end_month` records the
    month, ages the spells and closes the ledger month.

    Args:
        cfg: The run configuration.
        population: The people (from :func:`sim.population.generate_population`).
        world: ``"scenario"`` or ``"twin"``; the twin always applies the status quo.
        twin: The status-quo world this scenario is compared with (stepped in lockstep).

    Raises:
        NotImplementedError: For the ``existing_actors`` design.
    """

    def __init__(
        self,
        cfg: RunConfig,
        population: Population,
        world: str = "scenario",
        twin: ReferenceModel | None = None,
    ) -> None:
        design = cfg.scenario.design if world == "scenario" else "status_quo"
        if design not in SUPPORTED_DESIGNS:
            raise NotImplementedError(
                f"the reference model implements {SUPPORTED_DESIGNS}, not {design!r} "
                "(the existing-actors operators are only in the fast engine)"
            )
        super().__init__(rng=world_seed(cfg.seed, world))
        self.cfg = cfg
        self.world = world
        self.design = design
        self.scenario = cfg.scenario
        self.territory = cfg.territory
        self.policy = cfg.policy
        self.behaviour = cfg.behaviour
        self.population = population
        self.twin = twin
        self.start_index = parse_month(cfg.start)
        self.t = 0
        self.people: list[ReferenceJobseeker] = []  # by person id, to find a person's twin

        self.create_institutions()
        accounts = {name: acc.PAYER for name in self.payer_names} | {e.name: acc.EBE for e in self.ebes}
        accounts |= {
            acc.HOUSEHOLDS: acc.HOUSEHOLD,
            acc.LOCAL_BUSINESSES: acc.FIRM,
            acc.LOCAL_CUSTOMERS: acc.OTHER,
            acc.REST_OF_ECONOMY: acc.OTHER,
        }
        self.ledger = Ledger(accounts)
        self.last_net_outflow: dict[str, float] = {}

        # Constants of the run.
        self.eligibility_min_months = self.scenario.volunteering.eligibility_min_months.value
        self.ebe_exit_probability = monthly_from_yearly(self.scenario.ebe.exit_rate_year.value) if self.ebes else 0.0
        self.reset_counters()
        self._set_month_rules()

    # ------------------------------------------------------------------ time and rules
    def _set_month_rules(self) -> None:
        """Rules in force this month, from sim.rules (the same for everyone this month)."""
        policy, month = self.policy, self.month_index
        self.pension_age = policy.pension_age.at(month)
        self.time_limit_in_force = benefits.time_limit_in_force(policy, month)
        self.ris_amounts = [float(x) for x in benefits.ris_amounts(policy, month)]
        self.ris_file_fee = ris_reimbursement.file_fee(policy, month)
        self.scheme_pay = pay_per_fte(policy, month)
        self.market_pay = pay_per_fte(policy, month, policy.wages.ordinary_job_wage_ratio.value, market=True)
        # Pure functions of (month, arguments): memoised within the month only.
        self._insurance_memo: dict[tuple[int, int], float] = {}
        self._reimbursement_memo: dict[tuple[bool, int], float] = {}

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

    # ------------------------------------------------------------------ step
    def begin_month(self) -> None:
        """Entrants, every jobseeker's events, hiring, and the month's postings."""
        self._set_month_rules()
        self._admit_entrants()
        self.agents_by_type[ReferenceJobseeker].shuffle_do("step")
        jobs_created = self._hire() if self.ebes else np.zeros(0, dtype=np.int64)
        self.agents_by_type[ReferenceJobseeker].do("post_flows")
        self._fund_outlays, self._sales = 0.0, 0.0
        if self.ebes:
            self._settle_ebes(jobs_created)

    def _admit_entrants(self) -> None:
        """The initial stock (month 0) and this month's inflows register as jobseekers."""
        for person_id in range(len(self.people), int(self.population.entered_by[self.t])):
            self.people.append(ReferenceJobseeker(self, person_id))

    def _hire(self) -> np.ndarray:
        """Each EBE hires the first volunteers of its own waiting list, in order of registration
        (then of id), within its onboarding capacity and unless its cash freezes hiring.

        Returns:
            Jobs created by each EBE this month (headcount above its previous peak).
        """
        waiting: list[list[ReferenceJobseeker]] = [[] for _ in self.ebes]
        for person in self.agents_by_type[ReferenceJobseeker]:
            if person.volunteer_month >= 0:
                waiting[person.ebe_index].append(person)
        created = np.zeros(len(self.ebes), dtype=np.int64)
        for ebe in self.ebes:
            capacity = ebe.hiring_capacity(self.t)
            queue = sorted(waiting[ebe.index], key=lambda p: (p.volunteer_month, p.person_id))
            hired = queue[:capacity]
            for person in hired:
                person.join_ebe()
            created[ebe.index] = ebe.record_hires(len(hired), self.t)
            self.hires_this_month += len(hired)
        return created

    def _settle_ebes(self, jobs_created: np.ndarray) -> None:
        """Each EBE's accounts of the month (sim.ebe.settle_accounts), from its staff's FTE."""
        fte = np.zeros(len(self.ebes))
        headcount = np.zeros(len(self.ebes), dtype=np.int64)
        for person in self.agents_by_type[ReferenceJobseeker]:
            if person.status == EBE:
                fte[person.ebe_index] += person.fte
                headcount[person.ebe_index] += 1
        self._fund_outlays, self._sales = settle_accounts(self, fte, headcount, jobs_created)

    def compare_with_twin(self) -> None:
        """Participants' income against the same people in the twin; their extra local spending."""
        twin = self.twin
        gains = 0.0
        extra = 0.0
        participants = 0
        for person in self.people:
            if person.first_hire_month >= 0:
                gain = person.income() - twin.people[person.person_id].income()
                gains += gain
                extra += max(gain, 0.0)
                participants += 1
            first = person.first_volunteer_month
            if first >= 0 and self.t - first < 24:
                other = twin.people[person.person_id]
                self.employment_effect_sum += int(person.status in WORKING) - int(other.status in WORKING)
                self.employment_effect_person_months += 1
        self.income_gain_sum += gains
        self.income_gain_person_months += participants
        self.local_spending = self.scenario.local_spending_multiplier.value * extra
        self.ledger.post(acc.HOUSEHOLDS, acc.LOCAL_BUSINESSES, acc.LOCAL_SPENDING, self.local_spending)

    # ------------------------------------------------------------------ recording
    def advance_clocks(self) -> None:
        """Every jobseeker ages its own spell."""
        self.agents_by_type[ReferenceJobseeker].do("advance_clock")

    def record_month(self) -> dict[str, float]:
        """The month's stocks, counted person by person (the engine's record columns)."""
        counts = [0] * len(Status)
        over_2y = eligible = on_insurance = on_ris = no_benefit = 0
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
            "hires": self.hires_this_month,
            "ebe_cash_eur": float(sum(e.cash for e in self.ebes)),
            "ebe_sales_eur": float(self._sales),
            "displaced_sales_eur": float(self.displaced_sales),
            "displaced_fte": float(sum(f.displaced_jobs for f in self.firms)),
            "local_spending_eur": float(self.local_spending),
            "ebes_in_loss": sum(1 for e in self.ebes if e.loss_months > 0),
            "exits_to_ordinary_jobs_cum": self.exits_to_ordinary,
        }
        self.hires_this_month = 0
        self.displaced_sales = 0.0
        self.local_spending = 0.0
        return record

    def poverty_line(self) -> float:
        """Poverty line for a single person this month (for analyses of ``income()``)."""
        return amount_at(self.policy.poverty_line_single_month, self.policy, self.month_index)


def run_reference_pair(cfg: RunConfig) -> tuple[ReferenceModel, ReferenceModel]:
    """Simulate the scenario and its status-quo twin with the per-agent reference.

    Both worlds hold the same people as the engine's run of ``cfg`` (same population), each with
    its own Python RNG (seeded from ``cfg.seed``).

    Args:
        cfg: The run configuration (design ``status_quo`` or ``full_transposition``).

    Returns:
        The scenario world and its twin after ``cfg.horizon_months`` months; each has a
        ``records`` list of monthly dicts.

    Raises:
        NotImplementedError: For the ``existing_actors`` design.
    """
    if cfg.scenario.design not in SUPPORTED_DESIGNS:
        raise NotImplementedError(f"the reference model implements {SUPPORTED_DESIGNS}, not {cfg.scenario.design!r}")
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
