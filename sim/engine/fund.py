"""The TZCLD fund: how the payers whose spending falls finance the per-FTE contributions.

Two rules exist (brief, section 4). ``fixed_shares``: each payer transfers a share of the fund's
outlays decided up front (the French practice). ``savings``: each payer passes on what it
actually saves this month against the status-quo twin; a residual payer, if named, covers the
rest, otherwise the fund runs a deficit that shows as its own net cost.

``fixed_budget`` (the Walloon pilot's European Social Fund project funding): the payers transfer
fixed shares of the fund's outlays, as under ``fixed_shares``, but the fund holds a budget fixed in
advance (``budget_eur``, split equally among the EBEs: one project each), usable for
``budget_months`` months from ``budget_start``. Two rules keep it from being exceeded:

- commitment: an EBE hires a volunteer only if its remaining budget still covers, to the end of
  the period, its staff in post and the new hire (per FTE and month: the contribution, or the
  full cost of an FTE when the fund tops up deficits), plus the start-up grant
  (:meth:`Fund.affordable_hires`);
- hard cap: payments (contribution, grant, top-up, in that order) stop at the remaining budget
  (:meth:`Fund.cap_payments`), so indexation cannot push them over.

Before the period and after it, nobody is hired. After it, ``after_budget`` says what happens:
``close`` (the EBE closes: its staff return to unemployment, as when the Mons, Frameries and La
Louviere projects stopped in 2025), ``sales_only`` (funding stops, the EBE keeps its staff on its
sales and cash, losses accumulate) or ``continue_existing`` (the fund keeps paying for the staff in
post, financed by ``residual_payer``: the Region takes over).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import accounts as acc
from sim.calendar import parse_month
from sim.config.schema import AfterBudget, FundFinancing

if TYPE_CHECKING:
    from sim.config.schema import FundConfig
    from sim.ledger import Ledger

_FUND_FLOWS = frozenset({acc.FUND_FINANCING})


@dataclass
class FixedBudget:
    """A fixed budget's state in one world.

    Attributes:
        per_ebe: Budget of each EBE (the territory's budget split equally), EUR.
        first: First month of the period, counted from the run's start (``t``).
        last: Last month of the period (inclusive).
        spent: What the fund has paid each EBE from the budget so far, EUR.
    """

    per_ebe: float
    first: int
    last: int
    spent: np.ndarray

    def open_in(self, t: int) -> bool:
        """Whether month ``t`` is inside the budget period."""
        return self.first <= t <= self.last

    def remaining(self, e: int) -> float:
        """Budget left to EBE ``e``."""
        return max(0.0, self.per_ebe - float(self.spent[e]))


class Fund:
    """The fund of one world: its financing rule and, under ``fixed_budget``, its budget.

    Args:
        config: The scenario's fund settings (with the policy's legislated funding applied).
        account: The fund's ledger account (``policy.routing.fund``).
        n_ebes: EBEs the fund pays (a fixed budget is split equally among them).
        start_index: Absolute month of the run's first step.
    """

    def __init__(self, config: FundConfig, account: str, n_ebes: int, start_index: int) -> None:
        self.config = config
        self.account = account
        self.budget: FixedBudget | None = None
        if config.financing == FundFinancing.fixed_budget:
            first = parse_month(config.budget_start) - start_index if config.budget_start else 0
            self.budget = FixedBudget(
                per_ebe=config.budget_eur.value / n_ebes,
                first=first,
                last=first + int(config.budget_months.value) - 1,
                spent=np.zeros(n_ebes, dtype=np.float64),
            )

    # ------------------------------------------------------------------ financing
    def finance(
        self, ledger: Ledger, outlays: float, t: int, payer_names: list[str], twin_ledger: Ledger | None
    ) -> None:
        """Post this month's transfers from payers to the fund.

        Args:
            ledger: This world's ledger (its month still open).
            outlays: What the fund paid the EBEs this month.
            t: Month of the run.
            payer_names: The policy's payers, in order.
            twin_ledger: The twin's ledger, its month still open (``savings`` reads it).
        """
        cfg = self.config
        if cfg.financing == FundFinancing.fixed_budget:
            self._finance_fixed_budget(ledger, outlays, t)
            return
        if cfg.financing == FundFinancing.fixed_shares:
            for payer, share in cfg.fixed_shares.items():
                ledger.post(payer, self.account, acc.FUND_FINANCING, share.value * outlays)
            return
        received = 0.0
        for payer in payer_names:
            if payer == self.account:
                continue
            if twin_ledger is None:
                break
            saving = twin_ledger.month_net_outflow(payer) - ledger.month_net_outflow(payer, exclude=_FUND_FLOWS)
            if saving > 0:
                ledger.post(payer, self.account, acc.FUND_FINANCING, saving)
                received += saving
        if cfg.residual_payer and outlays > received:
            ledger.post(cfg.residual_payer, self.account, acc.FUND_FINANCING, outlays - received)

    def _finance_fixed_budget(self, ledger: Ledger, outlays: float, t: int) -> None:
        cfg = self.config
        if self.budget is not None and t > self.budget.last:
            # only `continue_existing` pays anything after the period: the residual payer takes over
            if cfg.residual_payer and outlays > 0:
                ledger.post(cfg.residual_payer, self.account, acc.FUND_FINANCING, outlays)
            return
        for payer, share in cfg.fixed_shares.items():
            ledger.post(payer, self.account, acc.FUND_FINANCING, share.value * outlays)

    # ------------------------------------------------------------------ the fixed budget's rules
    def closes_now(self, t: int) -> bool:
        """Whether the EBEs close this month: the first month after the period, under ``close``."""
        return self.budget is not None and self.config.after_budget == AfterBudget.close and t == self.budget.last + 1

    def closed(self, t: int) -> bool:
        """Whether the EBEs have closed for good (any month after the period, under ``close``)."""
        return self.budget is not None and self.config.after_budget == AfterBudget.close and t > self.budget.last

    def affordable_hires(
        self,
        t: int,
        hired: np.ndarray,
        ebe_of: np.ndarray,
        working_time: np.ndarray,
        staff_fte: np.ndarray,
        commitment_per_fte_month: float,
    ) -> np.ndarray:
        """The leading candidates of each EBE whose cost, to the end of the period, the budget covers.

        Args:
            t: Month of the run.
            hired: Candidates allowed by onboarding capacity, grouped by EBE, in hiring order.
            ebe_of: The EBE of each candidate.
            working_time: The working time each candidate would take.
            staff_fte: FTE already employed by each EBE this month.
            commitment_per_fte_month: What one FTE costs the fund a month.

        Returns:
            The candidates kept (a prefix of each EBE's list: registration order is respected).
        """
        budget = self.budget
        if budget is None or not budget.open_in(t) or hired.size == 0:
            return hired[:0]
        months_left = budget.last - t + 1
        headroom = budget.per_ebe - budget.spent - staff_fte * commitment_per_fte_month * months_left
        grant = self.config.startup_grant_per_job.value
        cost = working_time * commitment_per_fte_month * months_left + grant
        cumulative = np.cumsum(cost)
        first_of_group = np.searchsorted(ebe_of, ebe_of, side="left")
        before_group = np.concatenate(([0.0], cumulative))[first_of_group]
        return hired[cumulative - before_group <= headroom[ebe_of] + 1e-6]

    def cap_payments(self, t: int, e: int, contribution: float, grant: float) -> tuple[float, float]:
        """Contribution and grant the fund pays EBE ``e`` this month under the fixed budget."""
        budget = self.budget
        if budget.open_in(t):
            remaining = budget.remaining(e)
            contribution = min(contribution, remaining)
            grant = min(grant, remaining - contribution)
            return contribution, grant
        if t > budget.last and self.config.after_budget == AfterBudget.continue_existing:
            return contribution, 0.0
        return 0.0, 0.0

    def cap_top_up(self, t: int, e: int, top_up: float, already: float) -> float:
        """Deficit top-up paid under the fixed budget, after ``already`` paid to EBE ``e`` this month."""
        budget = self.budget
        if budget.open_in(t):
            return min(top_up, max(0.0, budget.remaining(e) - already))
        if t > budget.last and self.config.after_budget == AfterBudget.continue_existing:
            return top_up
        return 0.0

    def record_spending(self, t: int, e: int, paid: float) -> None:
        """Charge a payment to EBE ``e``'s budget (only inside the period; negative: money taken back)."""
        if self.budget.open_in(t):
            self.budget.spent[e] += paid
