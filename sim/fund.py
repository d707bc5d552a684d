"""The TZCLD fund: how the payers whose spending falls finance the per-FTE contributions.

Two rules exist (brief, section 4). ``fixed_shares``: each payer transfers a share of the fund's
outlays decided up front (the French practice). ``savings``: each payer passes on what it
actually saves this month against the status-quo twin; a residual payer, if named, covers the
rest, otherwise the fund runs a deficit that shows as its own net cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim import accounts as acc

_FUND_FLOWS = frozenset({acc.FUND_FINANCING})

if TYPE_CHECKING:
    from sim.model import TZCLDModel


def finance(model: TZCLDModel, outlays: float) -> None:
    """Post this month's transfers from payers to the fund."""
    cfg = model.scenario.fund
    fund = model.policy.routing.fund
    ledger = model.ledger
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
