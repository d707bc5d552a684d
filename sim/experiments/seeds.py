"""Seeds of an experiment's replications (interfaces.md, section C).

Replication ``r`` uses ``SeedSequence(root_seed).spawn(replications)[r].generate_state(1)[0]``.
Spawned sequences are statistically independent streams, so the replications are independent,
and every design point of a replication uses the same seed: common random numbers, which make
the differences between designs paired comparisons with far less noise.
"""

from __future__ import annotations

import numpy as np


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """The run seed of every replication, in order.

    Args:
        root_seed: The experiment's ``root_seed`` (integer >= 0).
        replications: Number of replications (>= 1).

    Returns:
        ``replications`` integers in [0, 2**32).
    """
    if replications < 1:
        raise ValueError(f"replications = {replications}: expected at least 1")
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]
