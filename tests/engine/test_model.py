"""The fast Mesa model: Jobseeker agents created when first asked for, and the month's record."""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.engine.jobseeker import Jobseeker
from sim.engine.model import TZCLDModel
from sim.engine.population import generate_population


def stepped(months: int, materialize: bool = True) -> TZCLDModel:
    """A model stepped ``months`` months, with one month of its horizon left."""
    cfg = f.config(f"agents.materialize_jobseekers={str(materialize).lower()}", f"horizon_months={months + 1}")
    pop = generate_population(cfg)
    twin = TZCLDModel(cfg, pop, world="twin")
    model = TZCLDModel(cfg, pop, world="scenario", twin=twin)
    for _ in range(months):
        model.step()
    return model


def test_jobseeker_agents_are_created_on_first_access_in_order_of_entry() -> None:
    model = stepped(3)
    # nothing was created while the months ran: 5 payers, 5 firms and 1 EBE are the only agents
    assert len(model._jobseekers) == 0
    agents = model.agents_by_type[Jobseeker]
    assert len(agents) == model.n_present
    assert [a.person_id for a in sorted(agents, key=lambda a: a.unique_id)] == list(range(model.n_present))
    # asking again creates nobody twice
    assert len(model.agents) == model.n_present + len(model.payers) + len(model.firms) + len(model.ebes)
    model.step()  # a month later, the new entrants join on the next access
    assert len(model.agents_by_type[Jobseeker]) == model.n_present


def test_a_person_is_reachable_with_or_without_materialised_agents() -> None:
    materialised, views = stepped(2, True), stepped(2, False)
    assert materialised.jobseeker(5) is materialised.jobseeker(5)
    view = views.jobseeker(5)
    assert len(views.agents_by_type.get(Jobseeker, [])) == 0  # a detached view is not registered
    assert (view.status, view.months_jobless) == (
        materialised.jobseeker(5).status,
        materialised.jobseeker(5).months_jobless,
    )
    with pytest.raises(IndexError, match="not present"):
        views.jobseeker(views.n_present)


def test_the_record_counts_the_person_arrays() -> None:
    model = stepped(14)
    record = model.records[-1]
    s, n = model.state, model.n_present
    status = s.status[:n]
    assert record["jobless"] == np.count_nonzero(status == 0)
    assert record["ebe_employees"] == np.count_nonzero(status == 1)
    assert record["ebe_fte"] == pytest.approx(float(s.fte[:n][status == 1].sum()))
    assert (
        sum(
            record[k]
            for k in (
                "jobless",
                "ebe_employees",
                "subsidised_contracts",
                "in_training",
                "in_ordinary_job",
                "out_of_labour_force",
            )
        )
        == n
    )
    assert record["on_insurance"] + record["on_ris"] + record["no_benefit"] == record["jobless"] + record["in_training"]
    assert record["month"] == 13 and record["world"] == "scenario"
