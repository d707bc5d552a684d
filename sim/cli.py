"""``tzcld``: run one scenario with its status-quo twin (a Hydra app; ``-m`` for a multirun).

Examples:
    tzcld scenario=full_transposition territory=pilot seed=3
    tzcld -m scenario=full_transposition,existing_actors seed='range(0,5)'
    tzcld --cfg job          # print the composed configuration
    tzcld --config-dir my_configs scenario=my_design   # options of your own beside the package's
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.config.errors import ConfigError
from sim.config.locations import CONFIG_DIR, CONFIG_SEARCH_PATH, PRIMARY_CONFIG, group_options
from sim.config.schema import register_configs

HEADLINE = (
    "volunteers_total",
    "hired_total",
    "ebe_fte_end",
    "waitlist_end",
    "months_to_exhaustivity",
    "net_public_cost_per_fte_year",
    "activation_rate",
)


@hydra.main(config_path=CONFIG_SEARCH_PATH, config_name=PRIMARY_CONFIG, version_base="1.3")
def _main(cfg: DictConfig) -> None:
    # imported here, not at the top: `tzcld --help` and a refused override need no engine
    from sim.run import execute

    out_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        outcome = execute(cfg, out_dir, progress=sys.stderr.isatty())
    except ConfigError as error:
        print(f"tzcld: invalid configuration, nothing was simulated.\n{error}", file=sys.stderr)
        sys.exit(2)
    except FileExistsError as error:
        print(f"tzcld: {error}", file=sys.stderr)
        sys.exit(2)
    if outcome.summary is None:
        print(f"tzcld: run failed: {outcome.error} (see {out_dir / 'manifest.json'})", file=sys.stderr)
        sys.exit(1)
    headline = {key: outcome.summary.get(key) for key in HEADLINE}
    summary = outcome.summary
    print(f"{summary['scenario']} / {summary['territory']} / seed {summary['seed']} -> {out_dir}")
    print(json.dumps(headline, indent=2))


def _skip_mode_probe(argv: list[str]) -> None:
    """Spare Hydra's first of two compositions of the same configuration.

    Before a run, Hydra 1.3 composes the whole configuration once only to read ``hydra.mode``
    (``Hydra.get_mode``), then again to run: on the basin each composition costs as much as
    simulating a third of the run. configs/config.yaml never sets ``hydra.mode``, so the probe can
    only return None unless an override sets it; then Hydra's own probe is kept.
    """
    from hydra._internal.hydra import Hydra

    if any(arg.lstrip("+~").startswith("hydra.mode") for arg in argv):
        return
    Hydra.get_mode = lambda self, config_name, overrides: None


HELP_FLAGS = ("-h", "--help")
CONFIG_DIR_FLAGS = ("-cd", "--config-dir")
GROUPS = ("scenario", "territory", "policy", "behaviour")
OPTIONS_HELP = """\
== Options ==
  -m, --multirun            run every combination of comma-separated values or range(a,b)
  --cfg job [--resolve]     print the composed configuration (units, years and sources) and exit
  -cd, --config-dir DIR     add a folder of your own options (DIR/scenario/my_design.yaml ...),
                            searched after the package's configuration: give them new names
  --hydra-help              Hydra's own options (launchers, sweepers, logging)
  KEY=VALUE                 override any value, e.g. scenario.volunteering.takeup.value=0.4"""


def _config_dir_arg(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg in CONFIG_DIR_FLAGS and i + 1 < len(argv):
            return argv[i + 1]
        for flag in CONFIG_DIR_FLAGS:
            if arg.startswith(flag + "="):
                return arg.partition("=")[2]
    return None


def help_text(config_dir: str | None = None) -> str:
    """``tzcld --help``: the configuration groups and their options, without composing anything.

    Hydra's own help composes the whole configuration to print it (about a second); the
    composed configuration is what ``tzcld --cfg job`` prints.
    """
    import yaml

    app_help = (yaml.safe_load((CONFIG_DIR / f"{PRIMARY_CONFIG}.yaml").read_text(encoding="utf-8")) or {})["hydra"]
    try:
        groups = [f"  {group}: {', '.join(group_options(group, config_dir))}" for group in GROUPS]
    except FileNotFoundError as error:
        groups = [f"  ({error})"]
    return "\n\n".join(
        [
            app_help["help"]["header"],
            "== Configuration groups (group=option) ==\n" + "\n".join(groups),
            OPTIONS_HELP,
            app_help["help"]["footer"],
        ]
    )


def main() -> None:
    """Console entry point: Hydra parses the command line, errors exit non-zero."""
    argv = sys.argv[1:]
    if any(arg in HELP_FLAGS for arg in argv):
        print(help_text(_config_dir_arg(argv)))
        return
    register_configs()
    _skip_mode_probe(argv)
    _main()


if __name__ == "__main__":
    main()
