"""One scenario from Python: :func:`simulate` and its :class:`Results`.

The same path as ``tzcld``: the overrides are composed by Hydra from the package's configuration
(and the user's own folder, as ``--config-dir``), refused with the same
:class:`~sim.config.errors.ConfigError` naming the key, validated, then simulated with the
status-quo twin in memory. :meth:`Results.save` writes the folder ``tzcld`` would have written,
which ``tzcld-report`` and ``tzcld-export`` read.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig

Overrides = Sequence[str] | Mapping[str, Any]


def as_overrides(overrides: Overrides) -> list[str]:
    """Hydra overrides from a list of ``"key=value"`` strings or a mapping ``{key: value}``.

    Raises:
        ConfigError: For an entry that is not ``key=value`` text.
    """
    from sim.config.errors import ConfigError

    if isinstance(overrides, Mapping):
        from sim.experiments.design import override

        return [override(str(key), value) for key, value in overrides.items()]
    if isinstance(overrides, str):
        overrides = [overrides]
    bad = [item for item in overrides if not isinstance(item, str) or "=" not in item]
    if bad:
        raise ConfigError([f"overrides: {item!r} is not a Hydra override 'key=value'" for item in bad])
    return list(overrides)


@dataclass
class Results:
    """One paired run in memory: the scenario and its status-quo twin.

    Attributes:
        timeseries: One row per month and world (``scenario``, ``twin``); columns in docs/results.md.
        ledger: Postings aggregated by month, world, debtor, creditor and category (``amount_eur``).
        evaluation: The participants' months in their first 12 months after entry, in both
            worlds, as the evaluations count them (``evaluation.parquet``).
        territories: One row per EBE (micro-territory), month and world: its status, staff,
            activities, posts and binding constraint (``territories.parquet``).
        summary: The indicators of ``summary.json`` (docs/results.md).
        config: The composed configuration, as ``.hydra/config.yaml`` records it.
        overrides: The Hydra overrides it was composed from.
        manifest: What ``manifest.json`` records (identity, configuration hash, git commit,
            package versions, times).
    """

    timeseries: pd.DataFrame
    ledger: pd.DataFrame
    evaluation: pd.DataFrame
    territories: pd.DataFrame
    summary: dict[str, Any]
    config: DictConfig
    overrides: tuple[str, ...] = ()
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> str:
        """The ``tzcld`` command that gives the same run."""
        import shlex

        return "tzcld " + shlex.join(self.overrides)

    def budget(self) -> pd.DataFrame:
        """Each payer's gross and net spending per calendar year (net: scenario minus twin).

        See :func:`sim.report.tables.yearly_budget_by_payer` for the definitions.
        """
        from sim.report.tables import yearly_budget_by_payer

        payers = [(p["name"], p.get("label") or p["name"]) for p in self.summary.get("payers") or []]
        return yearly_budget_by_payer(self.ledger, payers)

    def save(self, path: str | Path) -> Path:
        """Write the run's folder as ``tzcld`` does: ``.hydra/``, the tables, ``manifest.json`` last.

        The folder is claimed first (:func:`sim.outputs.claim_folder`), as ``tzcld`` claims it.

        Raises:
            FileExistsError: If ``path`` already holds a run (results are never overwritten).
            sim.outputs.FolderBusy: If another process is writing ``path``.
        """
        from sim.outputs import claim_folder, ensure_fresh, write_json
        from sim.run import RunTables, remove_record, write_hydra_record, write_tables

        out = Path(path)
        ensure_fresh(out)
        with claim_folder(out, purpose="run"):
            ensure_fresh(out)
            try:
                write_hydra_record(self.config, list(self.overrides), out)
                tables = RunTables(self.timeseries, self.ledger, self.evaluation, self.territories, self.summary)
                write_tables(out, tables)
            except BaseException:
                remove_record(out)
                raise
            write_json(out / "manifest.json", self.manifest)
        return out

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Results {s.get('scenario')} / {s.get('territory')} / seed {s.get('seed')}, "
            f"{s.get('horizon_months')} months: {s.get('volunteers_total')} volunteers, "
            f"{s.get('ebe_fte_end')} EBE FTE at the end, net public cost per FTE-year "
            f"{s.get('net_public_cost_per_fte_year')}>"
        )


def simulate(
    scenario: str,
    territory: str,
    seed: int = 0,
    overrides: Overrides = (),
    policy: str | None = None,
    *,
    config_dir: str | Path | None = None,
    progress: bool = False,
) -> Results:
    """Simulate one scenario with its status-quo twin, as ``tzcld`` does, without writing a file.

    Args:
        scenario: A scenario option (``full_transposition``, ``existing_actors``, ``status_quo``,
            ``walloon_pilot``, or one of ``config_dir``).
        territory: A territory option (``pilot``, ``coeur_du_hainaut``, ``micro``...).
        seed: Root of every random draw.
        overrides: More Hydra overrides, as ``["horizon_months=24", ...]`` or
            ``{"scenario.volunteering.takeup.value": 0.4}``.
        policy: A policy option (``belgium_2027``, ``france``); default: the configuration's.
        config_dir: A folder of your own options, searched as ``tzcld --config-dir`` searches it.
        progress: Show a progress bar (``tqdm.auto``: a widget in Jupyter).

    Returns:
        The run's :class:`Results`.

    Raises:
        ConfigError: For a configuration ``tzcld`` would refuse, naming every key at fault and
            what it accepts (nothing is simulated).
    """
    from sim.config.load import compose_config
    from sim.run import checked, finished, new_manifest
    from sim.run import simulate as simulate_run

    chosen = [f"scenario={scenario}", f"territory={territory}", f"seed={seed}"]
    if policy is not None:
        chosen.append(f"policy={policy}")
    all_overrides = [*chosen, *as_overrides(overrides)]
    cfg = compose_config(all_overrides, config_dir)
    run_cfg = checked(cfg)
    manifest = new_manifest(cfg, run_cfg)
    clock = time.perf_counter()
    tables = simulate_run(run_cfg, progress=progress)
    return Results(
        timeseries=tables.timeseries,
        ledger=tables.ledger,
        evaluation=tables.evaluation,
        territories=tables.territories,
        summary=tables.summary,
        config=cfg,
        overrides=tuple(all_overrides),
        manifest=manifest | finished(clock),
    )
