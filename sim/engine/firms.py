"""Local businesses: the territory's firms, one Mesa agent per sector.

They post vacancies (the source of ordinary jobs, through the matching function of
:mod:`sim.rules.hazards`), lose jobs to EBE activities that compete with them (displaced sales)
and gain jobs from participants' extra local spending.
"""

from __future__ import annotations

import mesa

from sim.config.schema import Sector


class LocalBusiness(mesa.Agent):
    """The territory's firms of one sector: they post vacancies, lose sales to EBE activities that
    compete with them and gain sales from participants' extra spending.
    """

    def __init__(self, model: mesa.Model, sector: Sector) -> None:
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
