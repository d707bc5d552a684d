"""Payers: one Mesa agent per public budget listed in the policy (not hard-coded).

Each pays benefits, subsidies and contributions under the rules of the design and receives
contributions and taxes; who pays which flow is :class:`~sim.config.schema.Routing`. A payer's
flows are postings of the ledger, so its agent only keeps the history of its monthly net
spending.
"""

from __future__ import annotations

import mesa

from sim.config.schema import PayerSpec


class Payer(mesa.Agent):
    """A public budget (listed in configuration): pays benefits, subsidies and contributions and
    receives contributions and taxes. Its flows are read from the ledger.
    """

    def __init__(self, model: mesa.Model, spec: PayerSpec) -> None:
        super().__init__(model)
        self.name = spec.name
        self.label = spec.label
        self.net_spending_history: list[float] = []

    @property
    def net_spending_total(self) -> float:
        """What it paid minus what it received, over the months simulated so far."""
        return float(sum(self.net_spending_history))
