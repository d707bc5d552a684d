"""The page's settings as a URL query string, and back.

Every setting a user changes (the folder opened, the view, the filters, the what-if's design,
territory, levers, seed and horizon and its pinned baseline, the language) lives in the query
string, so copying the address shares the state: opening it restores the same page. Only
settings that differ from their defaults are written, in a fixed order, so one state has one
address. The pinned baseline is the what-if part of another state, carried as one parameter
(``baseline``) holding that state's own query string.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from sim.report.numbers import LANGS

MODES = ("browse", "whatif")
VIEWS = (
    "headline",
    "fan",
    "payers",
    "sankey",
    "paired",
    "side_effects",
    "hiring",
    "evaluation",
    "sweep",
    "sobol",
    "prim",
)
WHATIF_DESIGNS = ("full_transposition", "existing_actors")
WHATIF_TERRITORIES = ("pilot", "coeur_du_hainaut")
LIST_SEPARATOR = ","


@dataclass(frozen=True)
class AppState:
    """Everything the URL carries.

    Attributes:
        mode: ``browse`` (a results folder) or ``whatif`` (the live rerun).
        lang: ``fr`` or ``en``.
        results: Folder opened, relative to the results root (``""``: none chosen).
        view: Which of :data:`VIEWS` is shown.
        column: Time series drawn by the fan chart (``""``: the view's default).
        design, territory: Filters (empty: all).
        replication: Replications (or seeds) kept (empty: all).
        years: First and last calendar year shown, or ``None`` for the whole horizon.
        seed, horizon: What-if seed and horizon in months.
        levers: What-if lever name -> value as given (numbers as floats, anything else kept as
            text so that validation can name it).
        wdesign, wterritory: The design and territory the what-if simulates.
        baseline: The pinned baseline's what-if settings as a query string (``""``: none).
    """

    mode: str = "browse"
    lang: str = "fr"
    results: str = ""
    view: str = "headline"
    column: str = ""
    design: tuple[str, ...] = ()
    territory: tuple[str, ...] = ()
    replication: tuple[int, ...] = ()
    years: tuple[int, int] | None = None
    seed: int = 0
    horizon: int = 120
    levers: dict[str, float | str] = field(default_factory=dict)
    wdesign: str = WHATIF_DESIGNS[0]
    wterritory: str = WHATIF_TERRITORIES[0]
    baseline: str = ""

    def replace(self, **changes: object) -> AppState:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def whatif_part(self) -> AppState:
        """Only what the what-if simulates (design, territory, seed, horizon, levers)."""
        return DEFAULT.replace(
            wdesign=self.wdesign, wterritory=self.wterritory, seed=self.seed, horizon=self.horizon, levers=self.levers
        )


DEFAULT = AppState()
_SCALARS = ("mode", "lang", "results", "view", "column", "wdesign", "wterritory")
_LISTS = ("design", "territory", "replication")


def encode(state: AppState, lever_defaults: dict[str, float | str] | None = None) -> str:
    """The query string (with its leading ``?``, or ``""``) of ``state``.

    Args:
        state: The settings.
        lever_defaults: Lever values left out of the URL because they are the configuration's.
    """
    pairs: list[tuple[str, str]] = []
    for name in _SCALARS:
        value = getattr(state, name)
        if value != getattr(DEFAULT, name):
            pairs.append((name, str(value)))
    for name in _LISTS:
        values = getattr(state, name)
        if values:
            pairs.append((name, LIST_SEPARATOR.join(str(v) for v in values)))
    if state.years is not None:
        pairs.append(("years", f"{state.years[0]}-{state.years[1]}"))
    if state.seed != DEFAULT.seed:
        pairs.append(("seed", str(state.seed)))
    if state.horizon != DEFAULT.horizon:
        pairs.append(("horizon", str(state.horizon)))
    defaults = lever_defaults or {}
    for name, value in state.levers.items():
        if value is None or (name in defaults and _same(value, defaults[name])):
            continue
        pairs.append((name, _number_text(value)))
    if state.baseline:
        pairs.append(("baseline", state.baseline.lstrip("?")))
    return "?" + urlencode(pairs) if pairs else ""


def baseline_query(state: AppState, lever_defaults: dict[str, float | str] | None = None) -> str:
    """The query string (without ``?``) of ``state``'s what-if settings, to pin as a baseline."""
    return encode(state.whatif_part(), lever_defaults).lstrip("?")


def decode(search: str | None, lever_names: tuple[str, ...] = ()) -> tuple[AppState, list[str]]:
    """The state a query string describes, and the problems met reading it.

    A value that cannot be read keeps its default and adds a problem line; an unknown parameter
    is ignored with a problem line. Lever values are kept as given for the what-if to validate.

    Args:
        search: ``location.search`` (with or without the leading ``?``).
        lever_names: Names of the what-if levers the URL may carry.
    """
    problems: list[str] = []
    changes: dict[str, object] = {}
    levers: dict[str, float | str] = {}
    for key, raw in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        value = raw.strip()
        if key in _SCALARS:
            accepted = {
                "mode": MODES,
                "lang": LANGS,
                "view": VIEWS,
                "wdesign": WHATIF_DESIGNS,
                "wterritory": WHATIF_TERRITORIES,
            }.get(key)
            if accepted is not None and value not in accepted:
                problems.append(f"URL parameter {key}={value!r} ignored: expected one of {', '.join(accepted)}")
                continue
            changes[key] = value
        elif key in ("design", "territory"):
            changes[key] = tuple(v for v in value.split(LIST_SEPARATOR) if v)
        elif key == "replication":
            try:
                changes[key] = tuple(int(v) for v in value.split(LIST_SEPARATOR) if v)
            except ValueError:
                problems.append(
                    f"URL parameter replication={value!r} ignored: expected whole numbers separated by commas"
                )
        elif key == "years":
            years = _years(value)
            if years is None:
                problems.append(f"URL parameter years={value!r} ignored: expected FIRST-LAST, e.g. 2027-2031")
            else:
                changes[key] = years
        elif key in ("seed", "horizon"):
            try:
                number = int(value)
            except ValueError:
                problems.append(f"URL parameter {key}={value!r} ignored: expected a whole number")
                continue
            if number < (0 if key == "seed" else 1):
                problems.append(
                    f"URL parameter {key}={value!r} ignored: expected a number >= {0 if key == 'seed' else 1}"
                )
                continue
            changes[key] = number
        elif key in lever_names:
            levers[key] = _number_or_text(value)
        elif key == "baseline":
            changes[key] = value
        else:
            accepted = (*_SCALARS, *_LISTS, "years", "seed", "horizon", "baseline", *lever_names)
            problems.append(f"URL parameter {key!r} ignored: not one of {', '.join(accepted)}")
    return dataclasses.replace(DEFAULT, levers=levers, **changes), problems


def _years(value: str) -> tuple[int, int] | None:
    first, _, last = value.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        return None
    return (low, high) if low <= high else None


def _number_or_text(value: str) -> float | str:
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


def _number_text(value: float | str) -> str:
    # repr-exact floats: the URL restores the very value that was run
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return repr(float(value))
    return str(value)


def _same(value: float | str, default: float | str) -> bool:
    if isinstance(default, str) or isinstance(value, str):
        return str(value) == str(default)
    return float(value) == float(default)
