"""Scenario discovery: where in the uncertain parameters does an outcome of interest happen?

PRIM (the Patient Rule Induction Method, Friedman and Fisher 1999), as implemented by
ema_workbench, peels a box around the runs that meet a condition (for example "the scheme costs
the public purse nothing net"). Each box is described by:

- coverage: the share of all runs meeting the condition that fall inside the box;
- density: the share of runs inside the box that meet the condition;
- mass: the share of all runs that fall inside the box.

Choice of the box on the peeling trajectory (documented rule, no judgement by eye): among the
boxes that keep at least ``min_coverage`` of the cases of interest still to explain, take the
densest; on ties the one restricting fewer parameters, then the larger. Then restrictions that
are not significant (quasi-p value above ``max_p_value``, Bryant and Lempert 2010) are dropped
one by one. A box is kept if its density is above the share of runs of interest among those it
was searched in (the base rate) and either reaches ``min_density`` or is at least ``min_lift``
times that base rate: where the outcome is rare (10 % of runs, say), a box where it is three
times as frequent is worth reporting even if most of its runs still miss it. A box must also
hold at least ``min_share_of_cases`` of all the cases of interest, so that the leftovers of
earlier boxes do not make spurious ones. A further box is searched on the runs left
outside the boxes already found, until ``max_boxes``, until no case of interest is left, or
until a box fails those tests.

Runs with a missing outcome or a missing parameter value are dropped before PRIM, and counted
(``Box.n_dropped``, and a logged warning).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

DIRECTIONS = ("<=", "<", ">=", ">")


@dataclass(frozen=True)
class Box:
    """A box of the uncertain parameters where the outcome of interest is frequent.

    Attributes:
        limits: Only the restricted parameters: name -> (low, high) of the box (the side left
            open is the lowest or highest sampled value).
        coverage: Share of all runs of interest that fall in the box.
        density: Share of the runs in the box that are of interest.
        mass: Share of all (valid) runs that fall in the box.
        description: Plain words, e.g. "takeup below 0.31 and sales_share above 0.22".
        n_dropped: Runs left out of the analysis for a missing outcome or parameter value.
    """

    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    mass: float
    description: str
    n_dropped: int = 0


def meets(outcomes: pd.Series, threshold: float, direction: str) -> pd.Series:
    """Whether each outcome meets ``<outcome> <direction> <threshold>``; missing where it is NaN.

    Returns:
        A pandas nullable boolean Series (``pd.NA`` for a missing outcome), ready for
        :func:`find_boxes`, which drops and counts the missing ones.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r} is unknown; accepted: {list(DIRECTIONS)}")
    values = pd.Series(outcomes, dtype=float)
    compare = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater}[direction]
    result = pd.Series(compare(values.to_numpy(), threshold), index=values.index, dtype="boolean")
    result[~np.isfinite(values.to_numpy())] = pd.NA
    return result


def find_boxes(
    x: pd.DataFrame,
    y: np.ndarray | pd.Series,
    *,
    threshold_peel: float = 0.05,
    min_coverage: float = 0.5,
    max_boxes: int = 3,
    min_density: float = 0.5,
    min_lift: float = 2.0,
    min_share_of_cases: float = 0.1,
    max_p_value: float = 0.05,
    mass_min: float = 0.05,
    labels: Mapping[str, str] | None = None,
) -> list[Box]:
    """Boxes of the parameter space where ``y`` is mostly true, with ema_workbench's PRIM.

    Args:
        x: One row per run, one numeric column per uncertain parameter.
        y: True for the runs of interest; boolean, 0/1, or with missing values (NaN or pd.NA),
            whose runs are dropped and counted.
        threshold_peel: PRIM's ``peel_alpha``: share of the remaining runs peeled off at each
            step (small = slow, careful peeling).
        min_coverage: Least share of the cases of interest still to explain that a chosen box
            must keep (see the module docstring for the rule).
        max_boxes: Most boxes returned.
        min_density: Density that makes a box worth reporting whatever the base rate.
        min_lift: Alternatively, least ratio of the box's density to the base rate (the share of
            runs of interest among those searched) for a box to be reported.
        min_share_of_cases: Least share of all the cases of interest a box must hold.
        max_p_value: Restrictions whose quasi-p value exceeds this are dropped from the box.
        mass_min: PRIM's smallest box, as a share of all runs.
        labels: Optional plain-words names of the parameters for the descriptions.

    Returns:
        The boxes found, first (most important) first; empty when no run, or every run, is of
        interest (there is then nothing to discover).

    Raises:
        ValueError: for mismatched lengths, non-numeric parameters, values of ``y`` that are not
            booleans, or arguments out of range.
    """
    if not 0.0 < threshold_peel < 1.0:
        raise ValueError(f"threshold_peel = {threshold_peel!r}: expected a share in (0, 1)")
    if not 0.0 < min_coverage <= 1.0:
        raise ValueError(f"min_coverage = {min_coverage!r}: expected a share in (0, 1]")
    if not 0.0 <= min_density <= 1.0:
        raise ValueError(f"min_density = {min_density!r}: expected a share in [0, 1]")
    if not min_lift >= 1.0:
        raise ValueError(f"min_lift = {min_lift!r}: expected a ratio >= 1")
    if not 0.0 < max_p_value <= 1.0:
        raise ValueError(f"max_p_value = {max_p_value!r}: expected a probability in (0, 1]")
    if not 0.0 < mass_min < 1.0:
        raise ValueError(f"mass_min = {mass_min!r}: expected a share in (0, 1)")
    if isinstance(max_boxes, bool) or not isinstance(max_boxes, int) or max_boxes < 1:
        raise ValueError(f"max_boxes = {max_boxes!r}: expected a positive whole number")
    x_valid, y_valid, n_dropped = _prepare(x, y)
    n_interest = int(y_valid.sum())
    if n_interest == 0 or n_interest == len(y_valid):
        log.info("PRIM: %d of %d runs of interest; nothing to discover", n_interest, len(y_valid))
        return []

    with warnings.catch_warnings():
        # ema_workbench announces optional parallel back-ends on import; not an error here
        warnings.simplefilter("ignore", UserWarning)
        from ema_workbench.analysis import scenario_discovery_util as sdutil
        from ema_workbench.analysis.prim import Prim

    with warnings.catch_warnings():
        # ema_workbench 3.0 uses pandas' deprecated `inplace=`; nothing the caller can act on
        warnings.simplefilter("ignore")
        prim = Prim(x_valid, y_valid, peel_alpha=threshold_peel, mass_min=mass_min)
    names = labels or {}
    boxes: list[Box] = []
    remaining_interest, remaining_runs = n_interest, len(y_valid)
    for _ in range(max_boxes):
        if remaining_interest <= 0 or remaining_runs <= 0:
            break
        base_density = remaining_interest / remaining_runs
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = prim.find_box()
        if found is None:
            break
        trajectory = found.peeling_trajectory.reset_index(drop=True)
        chosen = _choose(trajectory, remaining_interest, min_coverage)
        if chosen is None:
            break
        found.select(chosen)
        current = _drop_insignificant(found, chosen, max_p_value)
        row = found.peeling_trajectory.reset_index(drop=True).loc[current]
        enough = row["density"] >= min(min_density, min_lift * base_density)
        enough = enough and int(row["k"]) >= min_share_of_cases * n_interest
        if not enough or row["density"] <= base_density or int(row["res_dim"]) == 0:
            break
        box_lim = found.box_lims[current]
        restricted = set(sdutil._determine_restricted_dims(box_lim, prim.box_init))
        limits = {
            str(c): (float(box_lim.loc[0, c]), float(box_lim.loc[1, c])) for c in x_valid.columns if c in restricted
        }
        initial = {c: (float(prim.box_init.loc[0, c]), float(prim.box_init.loc[1, c])) for c in limits}
        boxes.append(
            Box(
                limits=limits,
                coverage=float(row["coverage"]),
                density=float(row["density"]),
                mass=float(row["mass"]),
                description=describe(limits, initial, names),
                n_dropped=n_dropped,
            )
        )
        remaining_interest -= int(row["k"])
        remaining_runs -= int(row["n"])
    return boxes


def describe(
    limits: Mapping[str, tuple[float, float]],
    initial: Mapping[str, tuple[float, float]] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Plain words for a box: "takeup below 0.31 and sales_share between 0.22 and 0.35".

    A side equal to the lowest or highest sampled value (``initial``) is left unsaid. Bounds
    are rounded to 2 significant digits, or 3 when 2 would make both ends of a range equal.
    """
    labels = labels or {}
    initial = initial or {}
    parts = []
    for name, (low, high) in limits.items():
        label = labels.get(name, name)
        init_low, init_high = initial.get(name, (-math.inf, math.inf))
        low_cut, high_cut = low > init_low, high < init_high
        digits = 2
        while digits < 6 and low_cut and high_cut and _round(low, digits) == _round(high, digits):
            digits += 1
        if low_cut and high_cut:
            parts.append(f"{label} between {_round(low, digits)} and {_round(high, digits)}")
        elif high_cut:
            parts.append(f"{label} below {_round(high, digits)}")
        elif low_cut:
            parts.append(f"{label} above {_round(low, digits)}")
    return " and ".join(parts) if parts else "anywhere in the explored ranges"


def _round(value: float, digits: int) -> str:
    """A number rounded to ``digits`` significant digits, written without exponent."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    return np.format_float_positional(float(f"{value:.{digits}g}"), trim="-")


def _drop_insignificant(found: object, index: int, max_p_value: float) -> int:
    """Drop, one at a time, the restriction with the largest quasi-p value above ``max_p_value``.

    PRIM often trims a parameter a little without gaining density (e.g. "a below 0.99"); the
    quasi-p value of Bryant and Lempert (2010), a one-sided binomial test of the restriction,
    tells such trims from real ones. Returns the index of the resulting box on the trajectory.

    ema_workbench drops a parameter's restriction on both sides at once, so a parameter is kept
    when either side is significant ("x1 between 0.73 and 0.95" keeps its real lower bound even
    if the upper one is a trim).
    """
    while True:
        p_values = found.p_values[index]
        worst, worst_p = None, max_p_value
        for name, sides in p_values.items():
            restricted = [p for p in sides if p >= 0]  # ema_workbench writes -1 for an open side
            if restricted and min(restricted) > worst_p:
                worst, worst_p = name, min(restricted)
        if worst is None or len(p_values) <= 1:
            return index
        found.drop_restriction(worst, index)
        index = len(found.peeling_trajectory) - 1


def _choose(trajectory: pd.DataFrame, remaining_interest: int, min_coverage: float) -> int | None:
    """Index of the densest box keeping ``min_coverage`` of the cases still to explain."""
    share = trajectory["k"].astype(float) / float(remaining_interest)
    candidates = trajectory[share >= min_coverage - 1e-12]
    if candidates.empty:
        return None
    # densest, then fewest restricted dimensions, then largest coverage
    ordered = candidates.assign(_neg_cov=-candidates["coverage"]).sort_values(
        ["density", "res_dim", "_neg_cov"], ascending=[False, True, True], kind="stable"
    )
    return int(ordered.index[0])


def _prepare(x: pd.DataFrame, y: np.ndarray | pd.Series) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Float parameters and boolean outcomes, without the rows where either is missing."""
    if not isinstance(x, pd.DataFrame):
        raise ValueError("x must be a pandas DataFrame with one column per uncertain parameter")
    non_numeric = [c for c in x.columns if not pd.api.types.is_numeric_dtype(x[c]) or pd.api.types.is_bool_dtype(x[c])]
    if non_numeric:
        raise ValueError(f"x columns {non_numeric} are not numeric; PRIM here explores numeric parameters only")
    if len(y) != len(x):
        raise ValueError(f"{len(y)} outcomes for {len(x)} runs: expected one outcome per row of x")
    flags = pd.Series(np.asarray(y, dtype=object) if not isinstance(y, pd.Series) else y.to_numpy(dtype=object))
    missing = flags.isna().to_numpy().copy()
    values = flags[~missing]
    if not values.map(lambda v: isinstance(v, (bool, np.bool_)) or v in (0, 1)).all():
        bad = values[~values.map(lambda v: isinstance(v, (bool, np.bool_)) or v in (0, 1))].unique()[:5]
        raise ValueError(f"y must be booleans (True for the runs of interest); got values such as {list(bad)}")
    numbers = x.to_numpy(dtype=float)
    missing |= ~np.isfinite(numbers).all(axis=1)
    n_dropped = int(missing.sum())
    if n_dropped:
        log.warning("PRIM: dropped %d of %d runs with a missing outcome or parameter value", n_dropped, len(x))
    keep = ~missing
    x_valid = pd.DataFrame(numbers[keep], columns=[str(c) for c in x.columns])
    y_valid = np.array([bool(v) for v in flags[keep]], dtype=bool)
    return x_valid, y_valid, n_dropped
