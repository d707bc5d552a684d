"""The monthly cycle of a world, shared by the fast engine and the per-agent reference.

A subclass says how its people move and are counted (:meth:`MonthlyWorld.begin_month`,
:meth:`~MonthlyWorld.compare_with_twin`, :meth:`~MonthlyWorld.record_month`,
:meth:`~MonthlyWorld.advance_clocks`); this class owns the order of a month: the twin's month
first and left open, the scenario's, the comparison, firms, the fund, then both months closed.
"""

from __future__ import annotations

from typing import Any

from sim import fund
from sim.agents import EmploymentEnterprise, LocalBusiness, Payer
from sim.rules.hazards import tightness_factor


class MonthlyWorld:
    """Clock, design and month cycle of one world (a Mesa model subclass mixes this in).

    Attributes expected from the subclass: ``start_index``, ``t``, ``design``, ``twin``,
    ``ebes``, ``firms``, ``payers``, ``ledger``, ``behaviour``, ``records``, the monthly
    counters ``displaced_sales``, ``local_spending``, ``_fund_outlays``, and ``tightness`` with
    ``_tightness_base``.
    """

    start_index: int
    t: int
    design: str
    twin: Any

    def create_institutions(self) -> None:
        """The payers, the local businesses and (under full transposition) the EBEs of this world.

        Expects ``policy``, ``territory``, ``scenario`` and ``design`` to be set.
        """
        self.payers = [Payer(self, spec) for spec in self.policy.payers]
        self.payer_names = [p.name for p in self.payers]
        self.firms = [LocalBusiness(self, sector) for sector in self.territory.sectors]
        inhabitants = sum(c.population.value for c in self.territory.communes)
        self.ebes: list[EmploymentEnterprise] = []
        if self.design == "full_transposition":
            count = max(1, int(round(self.territory.ebe_count.value)))
            self.ebes = [EmploymentEnterprise(self, i, inhabitants / count, self.scenario.ebe) for i in range(count)]

    def reset_counters(self) -> None:
        """Start the run's monthly counters and its comparisons with the twin at zero."""
        # Monthly counters, read and reset by the recorder.
        self.hires_this_month = 0
        self.exits_to_ordinary = 0
        self.displaced_sales = 0.0
        self.local_spending = 0.0
        self.tightness = 1.0
        self._tightness_base: tuple[float, float] | None = None
        self._fund_outlays = 0.0
        self._sales = 0.0
        # Comparisons with the twin, accumulated over the horizon.
        self.income_gain_sum = 0.0
        self.income_gain_person_months = 0
        self.employment_effect_sum = 0
        self.employment_effect_person_months = 0
        self.records: list[dict[str, float]] = []

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
            self.twin.begin_month()
        self.begin_month()
        if self.twin is not None and self.has_scheme:
            self.compare_with_twin()
        self.update_firms()
        if self.ebes:
            fund.finance(self, self._fund_outlays)
        if self.twin is not None:
            self.twin.end_month()
            self.twin.steps += 1
        self.end_month()

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
            firm.update(self.displaced_sales, self.local_spending, firm.employment0 / employment)

    def update_tightness(self, jobless: int) -> None:
        """Next month's job-finding multiplier from local vacancies and the jobless count."""
        vacancies = sum(f.vacancies for f in self.firms)
        if self._tightness_base is None:
            self._tightness_base = (vacancies, jobless)
        self.tightness = tightness_factor(self.behaviour, vacancies, jobless, *self._tightness_base)

    # ------------------------------------------------------------------ what subclasses provide
    def begin_month(self) -> None:
        """Transitions, hiring and this world's own postings of the month."""
        raise NotImplementedError

    def compare_with_twin(self) -> None:
        """Measure the scenario's people against the same people in the twin this month."""
        raise NotImplementedError

    def record_month(self) -> dict[str, Any]:
        """The month's stocks and flows (before clocks advance); resets the monthly counters."""
        raise NotImplementedError

    def advance_clocks(self) -> None:
        """End of month: spells get one month longer."""
        raise NotImplementedError
