"""A double-entry ledger: every euro moves from a debtor account to a creditor account.

Postings are aggregated as they arrive by (debtor, creditor, category) within the month, since
the results contract stores them at that grain; a month therefore costs a few dozen dictionary
updates however many people are simulated. Balances are sums of postings, so the sum over all
accounts is zero by construction; :meth:`Ledger.max_abs_imbalance` checks it on the stored rows.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd

# Columns of a run's ledger.parquet (results contract), as the readers of results expect them.
LEDGER_FILE_COLUMNS = (
    "month",
    "date",
    "world",
    "debtor",
    "creditor",
    "category",
    "amount_eur",
    "debtor_kind",
    "creditor_kind",
)


class LedgerError(ValueError):
    """A posting that cannot be booked (unknown account, negative or non-finite amount)."""


class Ledger:
    """Postings of one world (scenario or twin), month by month.

    Args:
        accounts: Account name to kind (see :mod:`sim.accounts`).
    """

    def __init__(self, accounts: dict[str, str]) -> None:
        self.accounts = dict(accounts)
        self._month = 0
        self._current: dict[tuple[str, str, str], float] = defaultdict(float)
        self._rows: list[tuple[int, str, str, str, float]] = []
        self._net_outflow: dict[str, float] = defaultdict(float)

    def post(self, debtor: str, creditor: str, category: str, amount: float) -> None:
        """Book ``amount`` euros paid by ``debtor`` to ``creditor`` this month."""
        amount = float(amount)
        if amount == 0.0:
            return
        if not math.isfinite(amount) or amount < 0.0:
            raise LedgerError(
                f"posting {debtor} -> {creditor} ({category}): amount {amount} is not a finite amount >= 0"
            )
        if debtor not in self.accounts or creditor not in self.accounts:
            unknown = debtor if debtor not in self.accounts else creditor
            raise LedgerError(f"posting {category}: unknown account {unknown!r}; accounts: {sorted(self.accounts)}")
        self._current[(debtor, creditor, category)] += amount
        self._net_outflow[debtor] += amount
        self._net_outflow[creditor] -= amount

    def month_net_outflow(self, account: str, exclude: frozenset[str] = frozenset()) -> float:
        """What ``account`` has paid minus received so far this month, optionally without some categories."""
        if not exclude:
            return self._net_outflow.get(account, 0.0)
        total = 0.0
        for (debtor, creditor, category), amount in self._current.items():
            if category in exclude:
                continue
            if debtor == account:
                total += amount
            if creditor == account:
                total -= amount
        return total

    def close_month(self) -> dict[str, float]:
        """Store this month's postings and start the next month; returns each account's net outflow."""
        for (debtor, creditor, category), amount in sorted(self._current.items()):
            self._rows.append((self._month, debtor, creditor, category, amount))
        net = dict(self._net_outflow)
        self._current.clear()
        self._net_outflow.clear()
        self._month += 1
        return net

    def to_frame(self) -> pd.DataFrame:
        """All stored postings: month, debtor, creditor, category, amount_eur and the accounts' kinds."""
        frame = pd.DataFrame(self._rows, columns=["month", "debtor", "creditor", "category", "amount_eur"])
        frame["month"] = frame["month"].astype(np.int32)
        frame["debtor_kind"] = frame["debtor"].map(self.accounts)
        frame["creditor_kind"] = frame["creditor"].map(self.accounts)
        return frame

    def balances(self) -> pd.Series:
        """Each account's balance (received minus paid) over all stored months."""
        frame = self.to_frame()
        received = frame.groupby("creditor")["amount_eur"].sum().rename_axis("account")
        paid = frame.groupby("debtor")["amount_eur"].sum().rename_axis("account")
        return received.sub(paid, fill_value=0.0).reindex(sorted(self.accounts), fill_value=0.0)

    def max_abs_imbalance(self) -> float:
        """Largest absolute sum over all accounts of a month's balance changes (0 up to rounding)."""
        frame = self.to_frame()
        if frame.empty:
            return 0.0
        credit = frame.groupby(["month", "creditor"])["amount_eur"].sum().rename_axis(["month", "account"])
        debit = frame.groupby(["month", "debtor"])["amount_eur"].sum().rename_axis(["month", "account"])
        per_account = credit.sub(debit, fill_value=0.0)
        return float(per_account.groupby(level=0).sum().abs().max())
