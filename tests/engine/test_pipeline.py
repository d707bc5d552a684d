"""An EBE's activity pipeline: the committee's review, preparation by supervisors, launches,
abandonment, identification while posts are short, and sales by activity."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.engine.pipeline import ActivityPipeline, PipelineRules, Stage
from sim.engine.random_streams import Purpose, uniforms

RULES = PipelineRules(
    identified_per_month=0.5,
    committee_months=2,
    refusal_share=0.0,
    rework_share=0.0,
    rework_months=3,
    preparation_months=4,
    posts_per_activity=3.0,
    demand_spread=0.0,
    abandonment_month=0.0,
    initial_supervisors=2,
    recruitment_months=3,
    supervision_ratio=0.1,
)


def pipeline(**changes) -> ActivityPipeline:
    return ActivityPipeline(ebe_index=3, seed=7, rules=dataclasses.replace(RULES, **changes))


def run(p: ActivityPipeline, months: range, asked_fte: float = 1000.0) -> None:
    for t in months:
        p.step(t, asked_fte)


def test_creation_approves_the_project_activities_and_supervisors_prepare_two_at_a_time() -> None:
    p = pipeline(identified_per_month=0.0)
    p.create(0, 4, preparation_months=5)
    assert p.supervisors == 2 and p.count(Stage.APPROVED) == 4 and p.posts == 0
    p.step(0, 0.0)
    assert p.count(Stage.PREPARATION) == 2 and p.count(Stage.APPROVED) == 2
    run(p, range(1, 5), 0.0)
    assert p.posts == 0  # 5 months of preparation from month 0
    p.step(5, 0.0)
    # the first two launch in month 5 and their supervisors take the next two
    assert p.count(Stage.LAUNCHED) == 2 and p.posts == 6.0
    assert p.count(Stage.PREPARATION) == 2
    run(p, range(6, 11), 0.0)
    assert p.count(Stage.LAUNCHED) == 4 and p.posts == 12.0
    np.testing.assert_array_equal(p.launched, [5, 5, 10, 10])


def test_an_activity_refused_by_the_committee_offers_no_post() -> None:
    p = pipeline(refusal_share=1.0)
    run(p, range(0, 24))
    identified = p.stage.size
    assert identified == 12  # half a need a month while posts are short
    # every need reviewed was refused; those identified in the last two months await their review
    assert p.count(Stage.REFUSED) == 11 and p.count(Stage.REVIEW) == 1
    assert p.posts == 0 and p.planned_posts == 3.0
    assert (p.launched == -1).all()
    # with no refusal the same needs become posts
    q = pipeline()
    run(q, range(0, 24))
    assert q.posts > 0


def test_the_committee_draws_are_keyed_by_activity_and_month() -> None:
    p = pipeline(refusal_share=0.3, rework_share=0.3)
    run(p, range(0, 3))
    # the need identified in month 1 (the first whole need) is reviewed in month 3
    first = np.flatnonzero(p.stage == Stage.REVIEW)[0]
    u = uniforms(7, 3, Purpose.COMMITTEE, np.array([3 * (1 << 20) + first]))[0]
    p.step(3, 1000.0)
    expected = Stage.REFUSED if u < 0.3 else Stage.REWORK if u < 0.6 else Stage.APPROVED
    stage = Stage(p.stage[first])
    assert stage == expected or (expected == Stage.APPROVED and stage == Stage.PREPARATION)


def test_rework_sends_a_need_back_for_a_second_review() -> None:
    p = pipeline(rework_share=1.0, identified_per_month=1.0)
    p.step(0, 1000.0)  # one need, reviewed in month 2
    run(p, range(1, 3))
    assert p.stage[0] == Stage.REWORK and p.reviews[0] == 1
    run(p, range(3, 6))  # reworked for 3 months, back to the committee in month 5, decided in month 7
    assert p.stage[0] == Stage.REVIEW
    run(p, range(6, 8))
    assert p.reviews[0] == 2


def test_needs_are_identified_only_while_posts_fall_short_of_what_is_asked() -> None:
    p = pipeline(identified_per_month=1.0)
    run(p, range(0, 12), asked_fte=7.0)
    # three activities of 3 FTE cover 7 FTE asked for: no fourth
    assert p.stage.size == 3
    run(p, range(12, 24), asked_fte=7.0)
    assert p.stage.size == 3
    p.step(24, 10.0)
    assert p.stage.size == 4


def test_supervisors_are_recruited_with_a_delay_as_posts_are_planned() -> None:
    p = pipeline(identified_per_month=2.0, recruitment_months=3)
    p.create(0, 0, preparation_months=0)
    p.step(0, 1000.0)
    # 2 needs planned = 6 FTE: 0.6 supervisors, fewer than the team of 2
    assert p.supervisors == 2 and p.arrivals == []
    run(p, range(1, 12))
    # recruitment answers the posts planned before the month's two new needs (6 FTE)
    planned = p.planned_posts - 6.0
    needed = int(np.ceil(0.1 * planned - 1e-9))
    assert p.supervisors + len(p.arrivals) == needed
    assert all(m > 11 for m in p.arrivals)  # recruited within the last 3 months
    assert p.supervised_fte == pytest.approx(p.supervisors / 0.1)


def test_no_new_needs_and_no_recruitment_while_the_ebe_cannot_grow() -> None:
    p = pipeline(identified_per_month=2.0)
    p.create(0, 0, preparation_months=0)
    for t in range(6):
        p.step(t, 1000.0, growing=False)
    assert p.stage.size == 0 and p.arrivals == []


def test_abandoned_activities_lose_their_posts() -> None:
    p = pipeline(abandonment_month=1.0, identified_per_month=0.0)
    p.create(0, 2, preparation_months=0)
    p.step(0, 0.0)
    p.step(1, 0.0)
    assert p.count(Stage.LAUNCHED) == 2
    p.step(2, 0.0)
    assert p.count(Stage.ABANDONED) == 2 and p.posts == 0


def test_sales_weight_fills_activities_in_order_of_launch() -> None:
    p = pipeline(identified_per_month=0.0)
    p._add(2, Stage.LAUNCHED, 0, 0)
    p.launched[:] = [0, 6]
    p.demand[:] = [1.0, 0.5]
    # month 11, maturity 12 months: the first is 12 / 12 = 1 mature, the second 6 / 12 = 0.5
    # 4 FTE: 3 in the first (x 1 x 1.0), 1 in the second (x 0.5 x 0.5)
    assert p.sales_weight(11, 4.0, 12) == pytest.approx(3.0 + 0.25)
    # staff above the posts (6 FTE) work in both in proportion to their posts
    assert p.sales_weight(11, 9.0, 12) == pytest.approx(4.5 * 1.0 + 4.5 * 0.25)
    assert p.sales_weight(11, 0.0, 12) == 0.0


def test_demand_factors_are_drawn_in_their_range() -> None:
    p = pipeline(demand_spread=0.5, identified_per_month=10.0)
    p.step(0, 1000.0)
    assert p.demand.size == 10
    assert (p.demand >= 0.5).all() and (p.demand < 1.5).all() and p.demand.std() > 0
    # the same seed and EBE draw the same factors
    q = pipeline(demand_spread=0.5, identified_per_month=10.0)
    q.step(0, 1000.0)
    np.testing.assert_array_equal(p.demand, q.demand)
