"""The simulator as an EMA Workbench model, for ``perform_experiments`` and the Workbench's analyses.

:func:`model` returns an :class:`ema_workbench.Model` whose levers and uncertainties are those
of ``configs/uncertainties.yaml`` that apply to the scenario (``kind: lever`` or
``uncertainty``; a ranged entry becomes a ``RealParameter``, or an ``IntegerParameter`` for
whole months, an entry with ``choices`` a ``CategoricalParameter``), and whose outcomes are
``summary.json`` indicators. Each experiment is one paired run through :func:`sim.simulate`, so
it is validated like ``tzcld``, and every experiment shares the seed: scenario and policy
differences are measured with common random numbers.

Example (needs the ``discovery`` extra)::

    from ema_workbench import perform_experiments
    import sim.ema

    experiments, outcomes = perform_experiments(sim.ema.model("full_transposition", "pilot"), scenarios=20)
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_OUTCOMES = (
    "volunteers_total",
    "ebe_fte_end",
    "months_to_exhaustivity",
    "net_public_cost_per_fte_year",
    "activation_rate",
    "net_public_cost_eur",
    "displaced_fte_end",
)


class Simulation:
    """One EMA experiment: a paired run with the experiment's values as overrides.

    A plain class (not a closure) so that the Workbench's multiprocessing evaluator can pickle it.

    Attributes:
        scenario: Scenario option.
        territory: Territory option.
        seed: Seed of every experiment.
        overrides: Overrides applied before the experiment's values.
        policy: Policy option (None: the configuration's).
        outcomes: Indicators returned, ``summary.json`` keys (``net_cost_by_payer_eur.<payer>``
            for a payer's net cost).
        paths: Override key of each lever and uncertainty, by name.
        config_dir: The user's own configuration folder, if any.
    """

    def __init__(
        self,
        scenario: str,
        territory: str,
        seed: int,
        overrides: Sequence[str],
        policy: str | None,
        outcomes: Sequence[str],
        paths: dict[str, tuple[str, bool]],
        config_dir: str | None,
    ) -> None:
        self.scenario, self.territory, self.seed, self.policy = scenario, territory, seed, policy
        self.overrides = list(overrides)
        self.outcomes = list(outcomes)
        self.paths = dict(paths)
        self.config_dir = config_dir

    def overrides_for(self, values: dict[str, Any]) -> list[str]:
        """The overrides of one experiment: the base ones, then each lever's and uncertainty's."""
        from sim.experiments.design import override

        chosen = []
        for name, value in values.items():
            path, integer = self.paths[name]
            if integer:
                value = int(math.floor(float(value) + 0.5))
            elif hasattr(value, "item"):
                value = value.item()  # numpy scalars as plain numbers
            chosen.append(override(path, value))
        return [*self.overrides, *chosen]

    def __call__(self, **values: Any) -> dict[str, float]:
        from sim.api.simulation import simulate

        results = simulate(
            self.scenario,
            self.territory,
            self.seed,
            self.overrides_for(values),
            self.policy,
            config_dir=self.config_dir,
        )
        return {name: _number(results.summary, name) for name in self.outcomes}


def _number(summary: dict[str, Any], key: str) -> float:
    value: Any = summary
    for part in key.split(".", 1) if key.startswith("net_cost_by_payer_eur.") else [key]:
        value = value.get(part) if isinstance(value, dict) else None
    return float("nan") if value is None else float(value)


def model(
    scenario: str = "full_transposition",
    territory: str = "pilot",
    *,
    seed: int = 0,
    overrides: Sequence[str] = (),
    policy: str | None = None,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    config_dir: str | Path | None = None,
    name: str | None = None,
) -> Any:
    """An EMA Workbench model of one scenario and territory.

    Args:
        scenario: Scenario option; the levers and uncertainties are those that apply to its design.
        territory: Territory option.
        seed: Seed of every experiment (common random numbers).
        overrides: Hydra overrides of every experiment (``horizon_months=60``...).
        policy: Policy option (None: the configuration's).
        outcomes: ``summary.json`` indicators to return (a null value, such as
            ``months_to_exhaustivity`` never reached, is NaN).
        config_dir: A folder of your own options, as ``tzcld --config-dir``.
        name: The model's name (default ``tzcld_<scenario>_<territory>``).

    Returns:
        An ``ema_workbench.Model`` with ``levers``, ``uncertainties`` and ``outcomes`` set.

    Raises:
        MissingExtra: If ema_workbench is not installed (``pip install 'tzcld-sim[discovery]'``).
        ConfigError: If the base configuration does not compose or validate, or an outcome is
            not a summary indicator.
    """
    from sim.config.extras import require_extra

    require_extra("discovery", "sim.ema.model")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # optional parallel back-ends announced on import
        from ema_workbench import CategoricalParameter, IntegerParameter, Model, RealParameter, ScalarOutcome

    from sim.api.simulation import as_overrides
    from sim.config.errors import ConfigError
    from sim.config.load import compose_config
    from sim.config.uncertainties import LEVER, Choice, load_entries
    from sim.experiments.spec import is_indicator
    from sim.run import checked

    unknown = [o for o in outcomes if not is_indicator(o)]
    if unknown:
        raise ConfigError([f"outcomes: {', '.join(map(repr, unknown))} are not summary.json indicators"])
    base = as_overrides(overrides)
    chosen = [f"scenario={scenario}", f"territory={territory}", f"seed={seed}"]
    chosen += [f"policy={policy}"] if policy is not None else []
    design = checked(compose_config([*chosen, *base], config_dir)).scenario.design

    levers, uncertainties, paths = [], [], {}
    for entry in load_entries():
        if not entry.applies_to(design):
            continue
        if isinstance(entry, Choice):
            parameter = CategoricalParameter(entry.name, list(entry.choices))
            paths[entry.name] = (entry.path, False)
        elif entry.integer:
            parameter = IntegerParameter(entry.name, int(math.ceil(entry.low)), int(math.floor(entry.high)))
            paths[entry.name] = (entry.path, True)
        else:
            parameter = RealParameter(entry.name, entry.low, entry.high)
            paths[entry.name] = (entry.path, False)
        (levers if entry.kind == LEVER else uncertainties).append(parameter)

    function = Simulation(
        scenario, territory, seed, base, policy, outcomes, paths, str(config_dir) if config_dir else None
    )
    ema_model = Model(name or re.sub(r"\W", "_", f"tzcld_{scenario}_{territory}"), function=function)
    ema_model.levers = levers
    ema_model.uncertainties = uncertainties
    ema_model.outcomes = [ScalarOutcome(outcome) for outcome in outcomes]
    return ema_model
