"""``tzcld``: run one scenario with its status-quo twin (a Hydra app; ``-m`` for a multirun).

Examples:
    tzcld scenario=full_transposition territory=pilot seed=3
    tzcld -m scenario=full_transposition,existing_actors seed='range(0,5)'
    tzcld --cfg job          # print the composed configuration
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.config.errors import ConfigError
from sim.config.load import CONFIG_DIR
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


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
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


def main() -> None:
    """Console entry point: Hydra parses the command line, errors exit non-zero."""
    register_configs()
    _skip_mode_probe(sys.argv[1:])
    _main()


if __name__ == "__main__":
    main()
