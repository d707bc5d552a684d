"""Seeds of the replications (interfaces.md section C)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiments.seeds import replication_seeds


def test_seeds_follow_the_interface_formula():
    seeds = replication_seeds(20270101, 5)
    children = np.random.SeedSequence(20270101).spawn(5)
    assert seeds == [int(c.generate_state(1)[0]) for c in children]
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)


def test_seeds_are_distinct_deterministic_and_prefix_stable():
    seeds = replication_seeds(3, 50)
    assert len(set(seeds)) == 50
    assert replication_seeds(3, 50) == seeds
    # More replications extend the list without changing the first ones.
    assert replication_seeds(3, 80)[:50] == seeds
    assert replication_seeds(4, 50) != seeds


def test_no_replication_is_an_error():
    with pytest.raises(ValueError, match="replications"):
        replication_seeds(1, 0)
