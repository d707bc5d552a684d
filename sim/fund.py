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
  (:func:`affordable_hires`);
- hard cap: payments (contribution, grant, top-up, in that order) stop at the remaining budget
  (:func:`cap_payments`), so indexation cannot push them over.

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

_FUND_FLOWS = frozenset({acc.FUND_FINANCING})

if TYPE_CHECKING:
    from sim.model import TZCLDModel


def finance(model: TZCLDModel, outlays: float) -> None:
    """Post this month's transfers from payers to the fund."""
    cfg = model.scenario.fund
    fund = model.policy.routing.fund
    ledger = model.ledger
    if cfg.financing == "fixed_budget":
        _finance_fixed_budget(model, outlays)
        return
    if cfg.financing == "fixed_shares":
        for payer, share in cfg.fixed_shares.items():
            ledger.post(payer, fund, acc.FUND_FINANCING, share.value * outlays)
        return
    received = 0.0
    twin = model.twin.ledger if model.twin is not None else None
    for payer in model.payer_names:
        if payer == fund:
            continue
        if twin is None:
            break
        saving = twin.month_net_outflow(payer) - ledger.month_net_outflow(payer, exclude=_FUND_FLOWS)
        if saving > 0:
            ledger.post(payer, fund, acc.FUND_FINANCING, saving)
            received += saving
    if cfg.residual_payer and outlays > received:
        ledger.post(cfg.residual_payer, fund, acc.FUND_FINANCING, outlays - received)


# --------------------------------------------------------------------------- fixed budget
@dataclass
class FixedBudget:
    """A fixed budget's state in one world.

    Attributes:
        per_ebe: Budget of each EBE (the territory's budget split equally), EUR.
        first: First month of the period, counted from the run's start (``model.t``).
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


def fixed_budget(model: TZCLDModel) -> FixedBudget | None:
    """The world's fixed budget (created on first use), or ``None`` under the other rules."""
    cfg = model.scenario.fund
    if cfg is None or cfg.financing != "fixed_budget" or not model.ebes:
        return None
    state = model.__dict__.get("_fixed_budget")
    if state is None:
        first = parse_month(cfg.budget_start) - model.start_index if cfg.budget_start else 0
        last = first + int(cfg.budget_months.value) - 1
        state = FixedBudget(
            per_ebe=cfg.budget_eur.value / len(model.ebes),
            first=first,
            last=last,
            spent=np.zeros(len(model.ebes), dtype=np.float64),
        )
        model.__dict__["_fixed_budget"] = state
    return state


def affordable_hires(
    model: TZCLDModel,
    state: FixedBudget,
    hired: np.ndarray,
    ebe_of: np.ndarray,
    staff_fte: np.ndarray,
    commitment_per_fte_month: float,
) -> np.ndarray:
    """The leading candidates of each EBE whose cost, to the end of the period, the budget covers.

    Args:
        model: The world.
        state: Its fixed budget.
        hired: Candidates allowed by onboarding capacity, grouped by EBE, in hiring order.
        ebe_of: The EBE of each candidate.
        staff_fte: FTE already employed by each EBE this month.
        commitment_per_fte_month: What one FTE costs the fund a month.

    Returns:
        The candidates kept (a prefix of each EBE's list: registration order is respected).
    """
    if not state.open_in(model.t) or hired.size == 0:
        return hired[:0]
    months_left = state.last - model.t + 1
    headroom = state.per_ebe - state.spent - staff_fte * commitment_per_fte_month * months_left
    grant = model.scenario.fund.startup_grant_per_job.value
    cost = model.population.working_time[hired] * commitment_per_fte_month * months_left + grant
    cumulative = np.cumsum(cost)
    first_of_group = np.searchsorted(ebe_of, ebe_of, side="left")
    before_group = np.concatenate(([0.0], cumulative))[first_of_group]
    return hired[cumulative - before_group <= headroom[ebe_of] + 1e-6]


def cap_payments(
    model: TZCLDModel, state: FixedBudget, e: int, contribution: float, grant: float
) -> tuple[float, float]:
    """Contribution and grant the fund pays EBE ``e`` this month under the fixed budget."""
    if state.open_in(model.t):
        remaining = state.remaining(e)
        contribution = min(contribution, remaining)
        grant = min(grant, remaining - contribution)
        return contribution, grant
    if model.t > state.last and model.scenario.fund.after_budget == "continue_existing":
        return contribution, 0.0
    return 0.0, 0.0


def cap_top_up(model: TZCLDModel, state: FixedBudget, e: int, top_up: float, already: float) -> float:
    """Deficit top-up paid under the fixed budget, after ``already`` paid to EBE ``e`` this month."""
    if state.open_in(model.t):
        return min(top_up, max(0.0, state.remaining(e) - already))
    if model.t > state.last and model.scenario.fund.after_budget == "continue_existing":
        return top_up
    return 0.0


def record_spending(model: TZCLDModel, state: FixedBudget, e: int, paid: float) -> None:
    """Charge a payment to EBE ``e``'s budget (only inside the period)."""
    if state.open_in(model.t):
        state.spent[e] += paid


def closes_now(model: TZCLDModel) -> bool:
    """Whether the EBEs close this month: the first month after the period, under ``close``."""
    state = fixed_budget(model)
    return state is not None and model.scenario.fund.after_budget == "close" and model.t == state.last + 1


def closed(model: TZCLDModel) -> bool:
    """Whether the EBEs have closed for good (any month after the period, under ``close``)."""
    state = fixed_budget(model)
    return state is not None and model.scenario.fund.after_budget == "close" and model.t > state.last


def _finance_fixed_budget(model: TZCLDModel, outlays: float) -> None:
    cfg = model.scenario.fund
    fund = model.policy.routing.fund
    state = fixed_budget(model)
    if state is not None and model.t > state.last:
        # only `continue_existing` pays anything after the period: the residual payer takes over
        if cfg.residual_payer and outlays > 0:
            model.ledger.post(cfg.residual_payer, fund, acc.FUND_FINANCING, outlays)
        return
    for payer, share in cfg.fixed_shares.items():
        model.ledger.post(payer, fund, acc.FUND_FINANCING, share.value * outlays)
