"""The model's agents (Mesa): jobseekers, employment-based enterprises, payers, local businesses,
and the operators of the existing-actors design.

Jobseekers are numerous, so their state lives in the model's person arrays and each
``Jobseeker`` shows its own row; the few institutional agents hold their state as attributes and
take their decisions (hiring capacity, cash, places) one by one.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa

from sim.config.schema import EbeConfig, OperatorConfig, PayerSpec, Sector
from sim.population import HOUSEHOLDS, QUALIFICATIONS
from sim.state import Regime, Status

if TYPE_CHECKING:
    from sim.model import TZCLDModel


class Jobseeker(mesa.Agent):
    """A person of the territory, from the initial stock or a monthly inflow.

    Args:
        model: The model holding the person arrays.
        person_id: Row of this person in the arrays (ids are given in order of entry).
    """

    def __init__(self, model: TZCLDModel, person_id: int) -> None:
        super().__init__(model)
        self.person_id = person_id

    @property
    def status(self) -> str:
        """Current status: jobless, ebe, scheme_job, training, ordinary or out."""
        return Status(int(self.model.state.status[self.person_id])).name.lower()

    @property
    def regime(self) -> str:
        """Benefit regime while jobless: none, insurance or ris."""
        return Regime(int(self.model.state.regime[self.person_id])).name.lower()

    @property
    def months_jobless(self) -> int:
        """Months in the current unemployment spell."""
        return int(self.model.state.duration[self.person_id])

    @property
    def age(self) -> float:
        """Age in years this month."""
        pop = self.model.population
        months = pop.age_at_entry_months[self.person_id] + self.model.t - pop.entry_month[self.person_id]
        return float(months) / 12.0

    @property
    def qualification(self) -> str:
        """Qualification level: low, medium or high."""
        return QUALIFICATIONS[int(self.model.population.qualification[self.person_id])]

    @property
    def household(self) -> str:
        """Household type for benefit rules: head, single or cohabitant."""
        return HOUSEHOLDS[int(self.model.population.household[self.person_id])]

    @property
    def employability(self) -> float:
        """Standardised employability score, including boosts from training and work."""
        state = self.model.state
        return float(self.model.population.employability[self.person_id] + state.employability_boost[self.person_id])

    @property
    def is_volunteer_waiting(self) -> bool:
        """Whether the person is on the waiting list."""
        return bool(self.model.state.volunteer_month[self.person_id] >= 0)

    @property
    def working_time(self) -> float:
        """Share of full time in the current scheme job (0 when not in one)."""
        return float(self.model.state.fte[self.person_id])

    def __repr__(self) -> str:
        return f"Jobseeker({self.person_id}, {self.status}, {self.regime}, {self.months_jobless} months)"


class EmploymentEnterprise(mesa.Agent):
    """An EBE: hires volunteers in order of registration within its onboarding capacity and cash.

    Args:
        model: The model.
        index: EBE number (people are served by the EBE of their neighbourhood).
        inhabitants: Inhabitants of the neighbourhood it serves.
        config: The scenario's EBE parameters.
    """

    def __init__(self, model: TZCLDModel, index: int, inhabitants: float, config: EbeConfig) -> None:
        super().__init__(model)
        self.index = index
        self.name = f"ebe_{index + 1:02d}"
        self.inhabitants = inhabitants
        self.config = config
        self.cash = config.initial_cash_per_ebe.value
        self.onboarding_slots = 0.0
        self.first_hire_month: int | None = None
        self.peak_headcount = 0
        self.headcount = 0
        self.fte = 0.0
        self.last_wage_bill = 0.0
        self.sales = 0.0
        self.loss_months = 0

    @property
    def hires_per_month(self) -> float:
        """Onboarding capacity: hires a month the supervisors and ready activities allow."""
        return self.config.hires_per_year_per_5000_inhabitants.value * self.inhabitants / 5000.0 / 12.0

    @property
    def cash_frozen(self) -> bool:
        """Low cash freezes hiring: below the configured months of wage bill."""
        return self.cash < self.cash_floor - 1e-6

    @property
    def cash_floor(self) -> float:
        """Cash below which hiring freezes: the configured months of wage bill."""
        return self.config.hiring_freeze_cash_months.value * self.last_wage_bill

    def hiring_capacity(self, month: int) -> int:
        """Hires allowed this month; unused capacity carries over for one month at most."""
        if month < self.config.launch_delay_months.value:
            return 0
        rate = self.hires_per_month
        self.onboarding_slots = min(self.onboarding_slots + rate, 2.0 * rate + 1.0)
        if self.cash_frozen:
            return 0
        return int(math.floor(self.onboarding_slots + 1e-9))

    def record_hires(self, hires: int, month: int) -> int:
        """Use onboarding slots; returns the jobs created (headcount above its previous peak)."""
        self.onboarding_slots -= hires
        if hires and self.first_hire_month is None:
            self.first_hire_month = month
        self.headcount += hires
        created = max(0, self.headcount - self.peak_headcount)
        self.peak_headcount = max(self.peak_headcount, self.headcount)
        return created

    def maturity(self, month: int) -> float:
        """Share of mature sales per FTE reached, growing linearly from the first hire."""
        if self.first_hire_month is None:
            return 0.0
        months = self.config.sales_maturity_months.value
        return 1.0 if months <= 0 else min(1.0, (month - self.first_hire_month + 1) / months)


class Payer(mesa.Agent):
    """A public budget (listed in configuration): pays benefits, subsidies and contributions and
    receives contributions and taxes. Its flows are read from the ledger.
    """

    def __init__(self, model: TZCLDModel, spec: PayerSpec) -> None:
        super().__init__(model)
        self.name = spec.name
        self.label = spec.label
        self.net_spending_history: list[float] = []

    @property
    def net_spending_total(self) -> float:
        """What it paid minus what it received, over the months simulated so far."""
        return float(sum(self.net_spending_history))


class LocalBusiness(mesa.Agent):
    """The territory's firms of one sector: they post vacancies, lose sales to EBE activities that
    compete with them and gain sales from participants' extra spending.
    """

    def __init__(self, model: TZCLDModel, sector: Sector) -> None:
        super().__init__(model)
        self.sector = sector.name
        self.employment0 = sector.employment.value
        self.revenue_per_job_year = sector.revenue_per_job_year.value
        self.vacancy_rate = sector.vacancy_rate_month.value
        self.overlap = sector.overlap_with_ebe.value
        self.displaced_jobs = 0.0
        self.gained_jobs = 0.0

    @property
    def employment(self) -> float:
        """Jobs this month after displacement and local spending."""
        return max(0.0, self.employment0 - self.displaced_jobs + self.gained_jobs)

    @property
    def vacancies(self) -> float:
        """Vacancies posted this month."""
        return self.employment * self.vacancy_rate

    def update(self, displaced_sales_month: float, extra_spending_month: float, spending_share: float) -> None:
        """Jobs follow the yearly rate of lost and gained sales at the sector's revenue per job."""
        self.displaced_jobs = 12.0 * displaced_sales_month * self.overlap / self.revenue_per_job_year
        self.gained_jobs = 12.0 * extra_spending_month * spending_share / self.revenue_per_job_year


class Operator(mesa.Agent):
    """An existing instrument (article 60, hiring aid, CISP training, MIRE coaching, social
    economy): a number of funded places a year, a contract length and a selection rule.
    """

    def __init__(self, model: TZCLDModel, index: int, config: OperatorConfig, jobseekers: float) -> None:
        super().__init__(model)
        self.index = index
        self.name = config.name
        self.kind = config.kind
        self.config = config
        self.places_per_month = config.places_per_year_per_1000_jobseekers.value * jobseekers / 1000.0 / 12.0
        self.slots = 0.0
        self.entries = 0

    @property
    def is_job(self) -> bool:
        """Whether a place is a job contract (rather than training or coaching)."""
        return self.kind in ("article60", "hiring_aid", "social_economy")

    def places(self) -> int:
        """Places available this month; unused places carry over for one month at most."""
        self.slots = min(self.slots + self.places_per_month, 2.0 * self.places_per_month + 1.0)
        return int(math.floor(self.slots + 1e-9))

    def record_entries(self, entries: int) -> None:
        """Use places."""
        self.slots -= entries
        self.entries += entries
