"""An EBE's activity pipeline and its supervisors: where its posts come from.

A need identified by the local employment committee (CLE) is reviewed: approved, refused (it
would compete with local firms: no post ever comes of it) or sent back for rework and reviewed
again. An approved activity waits for a supervisor to take charge of its preparation (premises,
equipment, recruiting its team: one activity in preparation per supervisor in post), is prepared
and launched; a launched activity offers its posts, sells against its own local demand and may
be abandoned. The activities an EBE's project was selected on start approved when the EBE is
created, with their own preparation time. New needs are
identified at the territory's pace only while the posts planned fall short of what is asked for
(the staff and the volunteers waiting): activities follow people, not the reverse.

Supervisors are recruited, with a delay, as posts are planned (one per ``1 / supervision_ratio``
FTE, never fewer than the project team the EBE was created with); an EBE employs no more staff
than its supervisors can lead.

Committee outcomes, demand and abandonment are keyed draws (seed, month, activity), so an
activity's fate does not depend on the order of computation. Both the fast engine and the
per-agent reference use these classes: they are institutions, not people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from sim.engine.random_streams import Purpose, uniforms
from sim.rules.hazards import monthly_from_yearly

# An activity's key in the random streams: the EBE's number times this, plus the activity's number.
_ACTIVITIES_PER_EBE_KEY = 1 << 20
_DEMAND_MONTH = -1  # the month key of an activity's demand draw (fixed when it is identified)


class Stage(IntEnum):
    """Where an activity is in the pipeline."""

    REVIEW = 0
    REWORK = 1
    APPROVED = 2  # waiting for a supervisor to prepare it
    PREPARATION = 3
    LAUNCHED = 4
    REFUSED = 5
    ABANDONED = 6


@dataclass(frozen=True)
class PipelineRules:
    """One territory's pipeline parameters, in months and FTE (its own draws applied).

    Attributes:
        identified_per_month: New needs the CLE identifies a month, while posts are short.
        committee_months: Months from identification (or rework) to the CLE's decision.
        refusal_share: Share of decisions that refuse the activity.
        rework_share: Share of decisions that send it back for rework.
        rework_months: Months of rework before the next review.
        preparation_months: Months from approval to launch.
        posts_per_activity: FTE a launched activity offers.
        demand_spread: An activity's demand factor is uniform in [1 - spread, 1 + spread].
        abandonment_month: Monthly probability that a launched activity is abandoned.
        initial_supervisors: The project team at the EBE's creation.
        recruitment_months: Months to recruit a supervisor.
        supervision_ratio: Supervisors per FTE of staff.
    """

    identified_per_month: float
    committee_months: int
    refusal_share: float
    rework_share: float
    rework_months: int
    preparation_months: int
    posts_per_activity: float
    demand_spread: float
    abandonment_month: float
    initial_supervisors: int
    recruitment_months: int
    supervision_ratio: float

    @classmethod
    def build(cls, pipeline, ebe, inhabitants: float, values: dict[str, float]) -> PipelineRules:
        """Rules of one territory from the pipeline and EBE configurations and its drawn values.

        Args:
            pipeline: The run's :class:`~sim.config.schema.PipelineConfig`.
            ebe: The scenario's :class:`~sim.config.schema.EbeConfig`.
            inhabitants: Inhabitants the EBE serves (the identification pace is per 5,000).
            values: The territory's values of the parameters drawn per territory, by name.
        """

        def value(name: str) -> float:
            return values.get(name, getattr(pipeline, name).value)

        return cls(
            identified_per_month=value("activities_per_year_per_5000_inhabitants") * inhabitants / 5000.0 / 12.0,
            committee_months=round_months(pipeline.committee_months.value),
            refusal_share=pipeline.committee_refusal_share.value,
            rework_share=pipeline.committee_rework_share.value,
            rework_months=round_months(pipeline.rework_months.value),
            preparation_months=round_months(value("preparation_months")),
            posts_per_activity=pipeline.posts_per_activity.value,
            demand_spread=pipeline.activity_demand_spread.value,
            abandonment_month=monthly_from_yearly(pipeline.abandonment_rate_year.value),
            initial_supervisors=int(round(pipeline.initial_supervisors.value)),
            recruitment_months=round_months(value("supervisor_recruitment_months")),
            supervision_ratio=ebe.supervision_ratio.value,
        )


def round_months(months: float) -> int:
    """A duration in whole months (half a month rounds up)."""
    return int(math.floor(months + 0.5))


@dataclass
class ActivityPipeline:
    """The activities of one EBE, one row each (arrays, in order of identification).

    Attributes:
        ebe_index: The EBE's number (part of every activity's random key).
        seed: The run's seed.
        rules: The territory's pipeline parameters.
        stage: Each activity's :class:`Stage`.
        due: Month (``t``) of its next step: decision, end of rework, launch.
        launched: Month it was launched (-1 before).
        preparation: Months its preparation takes.
        demand: Its demand factor (its mature sales per FTE relative to the average).
        reviews: How many times the CLE has reviewed it.
        credit: Fraction of the next need already identified (identification is paced, not drawn).
        supervisors: Supervisors in post.
        arrivals: Months at which supervisors being recruited start.
    """

    ebe_index: int
    seed: int
    rules: PipelineRules
    stage: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    due: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    launched: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    preparation: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    demand: np.ndarray = field(default_factory=lambda: np.zeros(0))
    reviews: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    credit: float = 0.0
    supervisors: int = 0
    arrivals: list[int] = field(default_factory=list)

    # ------------------------------------------------------------------ what it offers
    @property
    def posts(self) -> float:
        """FTE posts of the launched activities."""
        return float(np.count_nonzero(self.stage == Stage.LAUNCHED)) * self.rules.posts_per_activity

    @property
    def planned_posts(self) -> float:
        """FTE posts of the activities launched, being prepared, approved or under review."""
        live = self.stage <= Stage.LAUNCHED
        return float(np.count_nonzero(live)) * self.rules.posts_per_activity

    @property
    def supervised_fte(self) -> float:
        """Staff FTE the supervisors in post can lead."""
        ratio = self.rules.supervision_ratio
        return math.inf if ratio <= 0 else self.supervisors / ratio

    def count(self, stage: Stage) -> int:
        """Activities at ``stage``."""
        return int(np.count_nonzero(self.stage == stage))

    # ------------------------------------------------------------------ what happens
    def create(self, t: int, activities: int, preparation_months: int) -> None:
        """The EBE is created: its project team is in post and the activities its project was
        selected on are approved, each to be prepared in ``preparation_months``."""
        self.supervisors = self.rules.initial_supervisors
        self._add(activities, Stage.APPROVED, t, preparation_months)

    def step(self, t: int, asked_fte: float, growing: bool = True) -> None:
        """One month: abandonments, the CLE's decisions, launches, new needs, supervisors.

        Args:
            t: Month of the run.
            asked_fte: Posts asked for: the staff's FTE plus the volunteers waiting.
            growing: False while the EBE cannot pay for more staff (its cash or budget held
                hiring back last month): it then looks for no new needs and recruits no
                supervisor, and only finishes what it started.
        """
        rules = self.rules
        ids = self._ids()
        launched = np.flatnonzero(self.stage == Stage.LAUNCHED)
        if launched.size and rules.abandonment_month > 0:
            gone = uniforms(self.seed, t, Purpose.ABANDONMENT, ids[launched]) < rules.abandonment_month
            self.stage[launched[gone]] = Stage.ABANDONED
        deciding = np.flatnonzero((self.stage == Stage.REVIEW) & (self.due <= t))
        if deciding.size:
            u = uniforms(self.seed, t, Purpose.COMMITTEE, ids[deciding])
            self.reviews[deciding] += 1
            refused = u < rules.refusal_share
            rework = ~refused & (u < rules.refusal_share + rules.rework_share)
            approved = ~refused & ~rework
            self.stage[deciding[refused]] = Stage.REFUSED
            self.stage[deciding[rework]] = Stage.REWORK
            self.due[deciding[rework]] = t + rules.rework_months
            self.stage[deciding[approved]] = Stage.APPROVED
        reworked = np.flatnonzero((self.stage == Stage.REWORK) & (self.due <= t))
        self.stage[reworked] = Stage.REVIEW
        self.due[reworked] = t + rules.committee_months
        ready = np.flatnonzero((self.stage == Stage.PREPARATION) & (self.due <= t))
        self.stage[ready] = Stage.LAUNCHED
        self.launched[ready] = t
        self._recruit(t, growing)
        # each supervisor in post prepares one activity at a time, in order of approval
        free = self.supervisors - self.count(Stage.PREPARATION)
        waiting = np.flatnonzero(self.stage == Stage.APPROVED)[: max(0, free)]
        self.stage[waiting] = Stage.PREPARATION
        self.due[waiting] = t + self.preparation[waiting]
        if growing:
            self._identify(t, asked_fte)

    def _identify(self, t: int, asked_fte: float) -> None:
        rules = self.rules
        self.credit += rules.identified_per_month
        new = 0
        planned = self.planned_posts
        while self.credit >= 1.0 - 1e-9 and planned < asked_fte - 1e-9:
            self.credit -= 1.0
            planned += rules.posts_per_activity
            new += 1
        # a territory with no unmet demand does not bank identification for later
        self.credit = min(self.credit, 1.0)
        self._add(new, Stage.REVIEW, t + rules.committee_months, rules.preparation_months)

    def _recruit(self, t: int, growing: bool) -> None:
        rules = self.rules
        arrived = [m for m in self.arrivals if m <= t]
        self.supervisors += len(arrived)
        self.arrivals = [m for m in self.arrivals if m > t]
        if rules.supervision_ratio <= 0 or not growing:
            return
        needed = max(rules.initial_supervisors, math.ceil(rules.supervision_ratio * self.planned_posts - 1e-9))
        missing = needed - self.supervisors - len(self.arrivals)
        self.arrivals.extend([t + rules.recruitment_months] * max(0, missing))

    def _ids(self) -> np.ndarray:
        return self.ebe_index * _ACTIVITIES_PER_EBE_KEY + np.arange(self.stage.size, dtype=np.int64)

    def _add(self, n: int, stage: Stage, due: int, preparation_months: int) -> None:
        if n <= 0:
            return
        first = self.stage.size
        ids = self.ebe_index * _ACTIVITIES_PER_EBE_KEY + np.arange(first, first + n, dtype=np.int64)
        self.stage = np.concatenate((self.stage, np.full(n, stage, dtype=np.int8)))
        self.due = np.concatenate((self.due, np.full(n, due, dtype=np.int64)))
        self.launched = np.concatenate((self.launched, np.full(n, -1, dtype=np.int64)))
        self.preparation = np.concatenate((self.preparation, np.full(n, preparation_months, dtype=np.int64)))
        self.reviews = np.concatenate((self.reviews, np.zeros(n, dtype=np.int64)))
        spread = self.rules.demand_spread
        u = uniforms(self.seed, _DEMAND_MONTH, Purpose.ACTIVITY_DEMAND, ids)
        self.demand = np.concatenate((self.demand, 1.0 + spread * (2.0 * u - 1.0)))

    # ------------------------------------------------------------------ sales
    def sales_weight(self, t: int, fte: float, maturity_months: float) -> float:
        """FTE-weighted maturity x demand of the launched activities the staff work in.

        Staff fill activities in order of launch; staff above the posts (their activity was
        abandoned) work across the others in proportion to their posts.

        Returns:
            Staff FTE times the mean of (maturity x demand factor) over where they work: sales
            are this times the mature sales of one FTE.
        """
        live = np.flatnonzero(self.stage == Stage.LAUNCHED)
        if live.size == 0 or fte <= 0:
            return 0.0
        order = live[np.argsort(self.launched[live], kind="stable")]
        posts = np.full(order.size, self.rules.posts_per_activity)
        before = np.concatenate(([0.0], np.cumsum(posts)[:-1]))
        filled = np.clip(fte - before, 0.0, posts)
        total = float(posts.sum())
        if fte > total:
            filled = posts * (fte / total)
        age = t - self.launched[order] + 1
        maturity = np.ones(order.size) if maturity_months <= 0 else np.minimum(1.0, age / maturity_months)
        return float(np.dot(filled, maturity * self.demand[order]))
