"""Mesa agents: one Jobseeker per person present showing its own row, and the institutional agents
each configuration asks for."""

from __future__ import annotations

import factories as f
import numpy as np
import pytest

from sim.engine.ebe import EmploymentEnterprise
from sim.engine.firms import LocalBusiness
from sim.engine.jobseeker import Jobseeker
from sim.engine.operators import Operator
from sim.engine.payers import Payer
from sim.engine.population import HOUSEHOLDS, QUALIFICATIONS
from sim.engine.state import Regime, Status

PAYERS = ["onem", "federal_state", "walloon_region", "cpas_commune", "tzcld_fund", "european_funds"]
SECTORS = ["retail_and_repair", "personal_services", "construction_and_green_spaces", "horeca", "industry_and_other"]


@pytest.fixture(scope="module")
def full_run():
    cfg = f.config(
        "agents.materialize_jobseekers=true",
        "horizon_months=8",
        "territory.ebe_count.value=3",
        "scenario.ebe.launch_delay_months.value=0",
    )
    return f.run(cfg)


def test_one_jobseeker_agent_per_person_present(full_run) -> None:
    for model in (full_run.scenario, full_run.twin):
        agents = list(model.agents_by_type[Jobseeker])
        assert len(agents) == model.n_present == full_run.population.entered_by[-1]
        assert sorted(a.person_id for a in agents) == list(range(model.n_present))
        assert model.jobseeker(17) is next(a for a in agents if a.person_id == 17)


def test_each_jobseeker_shows_its_own_state(full_run) -> None:
    model, pop = full_run.scenario, full_run.population
    s, t = model.state, model.t
    agents = sorted(model.agents_by_type[Jobseeker], key=lambda a: a.person_id)
    assert {a.status for a in agents} >= {"jobless", "ebe", "ordinary"}  # the run reached several statuses
    for agent in agents:
        i = agent.person_id
        assert agent.status == Status(s.status[i]).name.lower()
        assert agent.regime == Regime(s.regime[i]).name.lower()
        assert agent.months_jobless == s.duration[i]
        assert agent.age == pytest.approx((pop.age_at_entry_months[i] + t - pop.entry_month[i]) / 12)
        assert agent.qualification == QUALIFICATIONS[pop.qualification[i]]
        assert agent.household == HOUSEHOLDS[pop.household[i]]
        assert agent.working_time == pytest.approx(s.fte[i])
        assert agent.is_volunteer_waiting == (s.volunteer_month[i] >= 0)
        assert agent.employability == pytest.approx(pop.employability[i] + s.employability_boost[i])
    # the twin's agents show the twin's rows, not the scenario's
    twin_status = {a.person_id: a.status for a in full_run.twin.agents_by_type[Jobseeker]}
    employed = np.flatnonzero(s.status[: model.n_present] == Status.EBE)
    assert employed.size > 0
    assert all(twin_status[int(i)] != "ebe" for i in employed)


def test_institutional_agents_of_full_transposition(full_run) -> None:
    model, twin = full_run.scenario, full_run.twin
    ebes = list(model.agents_by_type[EmploymentEnterprise])
    assert sorted(e.name for e in ebes) == ["ebe_01", "ebe_02", "ebe_03"]
    # three EBEs share the 13,426 inhabitants
    assert sum(e.inhabitants for e in ebes) == pytest.approx(13426)
    assert sum(e.headcount for e in ebes) == int(np.count_nonzero(model.state.status == Status.EBE))
    for m in (model, twin):
        assert [p.name for p in m.agents_by_type[Payer]] == PAYERS
        assert [b.sector for b in m.agents_by_type[LocalBusiness]] == SECTORS
        assert Operator not in m.agents_by_type
    assert EmploymentEnterprise not in twin.agents_by_type
    # each payer's history is its monthly net spending
    payer = model.payers[0]
    assert len(payer.net_spending_history) == 8
    assert payer.net_spending_total == pytest.approx(sum(payer.net_spending_history))


def test_operator_agents_of_existing_actors() -> None:
    cfg = f.config("horizon_months=3", scenario="existing_actors")
    model, twin = f.paired(cfg)
    operators = list(model.agents_by_type[Operator])
    assert [op.name for op in operators] == list(f.OPERATORS)
    assert [op.kind for op in operators] == [
        "article60",
        "hiring_aid",
        "hiring_aid",
        "training",
        "coaching",
        "social_economy",
        "hiring_aid",
        "hiring_aid",
        "hiring_aid",
        "hiring_aid",
    ]
    assert [op.is_job for op in operators] == [True, True, True, False, False, True, True, True, True, True]
    assert EmploymentEnterprise not in model.agents_by_type
    assert Operator not in twin.agents_by_type
    assert len(model.agents_by_type[Payer]) == len(PAYERS)


def test_status_quo_has_no_scheme_agents() -> None:
    model, _ = f.paired(f.config("horizon_months=3", scenario="status_quo"))
    assert EmploymentEnterprise not in model.agents_by_type and Operator not in model.agents_by_type
    assert len(model.agents_by_type[LocalBusiness]) == 5


def test_jobseeker_view_without_materialised_agents() -> None:
    result = f.run(f.config("horizon_months=2", scenario="status_quo"))
    model = result.scenario
    assert Jobseeker not in model.agents_by_type
    agent = model.jobseeker(3)
    assert agent.status == Status(model.state.status[3]).name.lower()
    with pytest.raises(IndexError):
        model.jobseeker(model.n_present)


def test_on_demand_views_do_not_pile_up_in_the_agent_registry() -> None:
    """Looking a person up when agents are not materialised must not register a new agent each
    time (it used to: three look-ups left three copies of person 3 in agents_by_type)."""
    model = f.run(f.config("horizon_months=2", scenario="status_quo")).scenario
    before = len(model.agents)
    views = [model.jobseeker(3) for _ in range(3)]
    assert all(v.person_id == 3 and v.status == views[0].status for v in views)
    assert len(model.agents) == before
    assert Jobseeker not in model.agents_by_type or len(model.agents_by_type[Jobseeker]) == 0
