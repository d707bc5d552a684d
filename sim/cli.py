"""``tzcld``: run one scenario with its status-quo twin (a Hydra app; ``-m`` for a multirun).

Examples:
    tzcld scenario=full_transposition territory=pilot seed=3
    tzcld -m scenario=full_transposition,existing_actors seed='range(0,5)'
    tzcld --cfg job          # print the composed configuration
    tzcld --config-dir my_configs scenario=my_design   # options of your own beside the package's
    tzcld --debug ...        # a refusal also shows its traceback

Every refusal (docs/refusals.md) exits 2 with one message naming the key or the file, before
anything is written: Hydra's own errors are raised to :func:`main` (``HYDRA_FULL_ERROR``) and
told as :class:`~sim.config.errors.ConfigError`; :class:`RunGuard`, a Hydra callback, checks
the configuration before Hydra creates the run's folder, and every job of a multirun before
the sweep starts.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from hydra.experimental.callback import Callback
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import ConfigError, from_composition
from sim.config.locations import CONFIG_DIR, CONFIG_GROUPS, CONFIG_SEARCH_PATH, PRIMARY_CONFIG, group_options
from sim.config.schema import RunConfig, register_configs

if TYPE_CHECKING:
    from sim.outputs import Claim

PROG = "tzcld"
EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130
_DEBUG = {"traceback": False}  # set by main(): --debug shows the traceback of a refusal
_USER_CONFIG: dict[str, str | None] = {"dir": None}  # set by main(): --config-dir, whose options are accepted too
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

    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        # a single run was validated by RunGuard (a multirun's jobs are checked again here)
        run_cfg = RunGuard.checked.pop() if RunGuard.checked else None
        overrides = list(hydra_cfg.overrides.task)
        outcome = execute(cfg, out_dir, progress=sys.stderr.isatty(), overrides=overrides, run_cfg=run_cfg)
    except Exception as error:  # noqa: BLE001 - told by the one refusal path; Hydra would add its own lines
        sys.exit(_tell(error, []))
    if outcome.summary is None:
        from sim.outputs import describe_os_error

        if outcome.os_error is not None:
            print(f"{PROG}: run failed: {describe_os_error(outcome.os_error)}", file=sys.stderr)
            sys.exit(EXIT_REFUSED)
        print(f"{PROG}: run failed: {outcome.error} (see {out_dir / 'manifest.json'})", file=sys.stderr)
        sys.exit(EXIT_FAILED)
    headline = {key: outcome.summary.get(key) for key in HEADLINE}
    summary = outcome.summary
    print(f"{summary['scenario']} / {summary['territory']} / seed {summary['seed']} -> {out_dir}")
    print(json.dumps(headline, indent=2))


class RunGuard(Callback):
    """Refuse a run (or a whole multirun) before Hydra writes anything for it.

    Hydra creates the run's folder before calling :func:`_main`, and a multirun's folder and
    ``multirun.yaml`` before its first job; this callback runs before both (configs/config.yaml,
    ``hydra.callbacks``). A multirun's folder is claimed for the sweep, so two sweeps never share
    one; each run's folder is claimed by :func:`sim.run.execute`. Hydra turns an exception raised
    by a callback into a warning, so a refusal is told here and ends the process (``SystemExit``).
    """

    held: list[Claim] = []  # released by main(), however the sweep ends
    checked: list[RunConfig] = []  # a single run's validated configuration, taken by _main

    def on_run_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Validate the run's configuration (kept for the run: Hydra runs the same one)."""
        try:
            RunGuard.checked[:] = [_check(config)]
        except Exception as error:  # noqa: BLE001 - told by the one refusal path
            sys.exit(_tell(error, []))

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Validate every job of the sweep, then claim the sweep's folder."""
        try:
            self._start_sweep(config)
        except Exception as error:  # noqa: BLE001 - told by the one refusal path
            release_claims()
            sys.exit(_tell(error, []))

    def _start_sweep(self, config: DictConfig) -> None:
        problems = []
        for overrides, job_cfg in _sweep_jobs(config):
            try:
                if isinstance(job_cfg, Exception):
                    raise job_cfg
                _check(job_cfg)
            except ConfigError as error:
                problems += [f"job {' '.join(overrides)}: {problem}" for problem in error.problems]
        if problems:
            raise ConfigError(problems)
        sweep_dir = Path(str(config.hydra.sweep.dir))
        _refuse_used(sweep_dir)
        from sim.outputs import claim_folder

        RunGuard.held.append(claim_folder(sweep_dir, purpose=f"{PROG} -m"))
        _refuse_used(sweep_dir)  # again, now that no other sweep can start here

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Release the sweep's folder."""
        release_claims()


def _check(config: DictConfig) -> RunConfig:
    from sim.config.load import to_run_config
    from sim.config.validate import validate

    run_cfg = to_run_config(config)
    validate(run_cfg)
    return run_cfg


def _sweep_jobs(config: DictConfig) -> Iterator[tuple[list[str], DictConfig | Exception]]:
    """Each job of a multirun (its overrides and configuration), as Hydra's basic sweeper runs them."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from omegaconf import OmegaConf

    loader = GlobalHydra.instance().config_loader()
    params = OmegaConf.select(config, "hydra.sweeper.params") or {}
    arguments = [f"{key}={value}" for key, value in params.items()] + list(config.hydra.overrides.task)
    parsed = OverridesParser.create(config_loader=loader).parse_overrides(arguments)
    for overrides in itertools.chain.from_iterable(BasicSweeper.split_arguments(parsed, None)):
        try:
            job_cfg = loader.load_sweep_config(config, list(overrides))
        except (HydraException, OmegaConfBaseException, AssertionError, ValueError, TypeError) as error:
            yield list(overrides), _as_config_error(error, list(overrides))
            continue
        yield list(overrides), job_cfg


def _refuse_used(sweep_dir: Path) -> None:
    from sim.outputs import CLAIM_FILE

    if sweep_dir.is_dir() and any(child.name != CLAIM_FILE for child in sweep_dir.iterdir()):
        raise FileExistsError(
            f"{sweep_dir} is not empty (a multirun's folder holds its runs and multirun.yaml); results are never "
            "overwritten: choose another hydra.sweep.dir"
        )


def release_claims() -> None:
    """Release the folders this process claimed for sweeps."""
    while RunGuard.held:
        RunGuard.held.pop().release()


def _as_config_error(error: BaseException, overrides: list[str]) -> Exception:
    """The :class:`ConfigError` for an error Hydra or OmegaConf raised while composing, if it is one."""
    if isinstance(error, ConfigError):
        return error
    if isinstance(error, HydraException | OmegaConfBaseException):
        return from_composition(error, {group: _options(group) for group in CONFIG_GROUPS})
    from sim.config.load import null_parent_error  # imported here: `tzcld --help` needs no numpy

    if isinstance(error, AssertionError) and (refusal := null_parent_error(overrides, _USER_CONFIG["dir"])) is not None:
        return refusal
    if isinstance(error, AssertionError | ValueError | TypeError) and _raised_while_composing(error):
        # Hydra fails on an override it cannot apply without naming it: name the overrides
        listed = " ".join(overrides) or "(none)"
        return ConfigError([f"the overrides {listed} cannot be composed: {error or type(error).__name__}"])
    return error if isinstance(error, Exception) else RuntimeError(str(error))


def _options(group: str) -> list[str]:
    try:
        return group_options(group, _USER_CONFIG["dir"])
    except FileNotFoundError:
        return group_options(group)


def _raised_while_composing(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return any(("hydra" + os.sep + "_internal") in frame.filename for frame in frames[-8:])


def refusal(error: BaseException, overrides: list[str] | None = None) -> tuple[int, str]:
    """The exit code and the message of whatever stopped ``tzcld`` before or outside a run.

    Args:
        error: What was raised.
        overrides: The command's configuration overrides, to name the key of a bare assertion.
    """
    # imported here: `tzcld --help` and a refused override need neither pandas nor pyarrow
    from sim.outputs import FolderBusy, describe_os_error

    error = _as_config_error(error, overrides or [])
    if isinstance(error, ConfigError):
        return EXIT_REFUSED, f"{PROG}: invalid configuration, nothing was simulated.\n{error}"
    if isinstance(error, FolderBusy | FileExistsError):
        return EXIT_REFUSED, f"{PROG}: {error}"
    if isinstance(error, OSError):
        return EXIT_REFUSED, f"{PROG}: {describe_os_error(error)}; no result was written"
    return EXIT_FAILED, f"{PROG}: internal error: {type(error).__name__}: {error} (--debug shows the traceback)"


def _task_overrides(args: list[str]) -> list[str]:
    from hydra._internal.utils import get_args_parser

    try:
        parsed, _ = get_args_parser().parse_known_args(args)
    except SystemExit:
        return []
    return [o for o in parsed.overrides if not o.lstrip("+~").startswith(("hydra.", "hydra/"))]


@contextlib.contextmanager
def _hydra_raises(args: list[str]) -> Iterator[None]:
    """Hydra reads the command line from ``sys.argv``, and prints then exits 1 on its own errors
    unless ``HYDRA_FULL_ERROR`` is set: then it raises them, and :func:`main` tells them."""
    saved_argv, saved_env = sys.argv, os.environ.get("HYDRA_FULL_ERROR")
    sys.argv = [PROG, *args]
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        yield
    finally:
        sys.argv = saved_argv
        if saved_env is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = saved_env


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
        groups = [f"  {group}: {', '.join(group_options(group, config_dir))}" for group in CONFIG_GROUPS]
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


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code (0 done, 1 a run failed, 2 refused).

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``); ``--debug`` adds
            the traceback to a refusal.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if any(arg in HELP_FLAGS for arg in args):
        print(help_text(_config_dir_arg(args)))
        return EXIT_OK
    _DEBUG["traceback"] = "--debug" in args
    args = [arg for arg in args if arg != "--debug"]
    _USER_CONFIG["dir"] = _config_dir_arg(args)
    register_configs()
    _skip_mode_probe(args)
    try:
        from sim.config.load import override_problems

        problems = override_problems(_task_overrides(args), _USER_CONFIG["dir"])
        if problems:
            raise ConfigError(problems)
        with _hydra_raises(args):
            _main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (EXIT_OK if stop.code is None else EXIT_FAILED)
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - every error ends in one message and an exit code
        return _tell(error, _task_overrides(args))
    finally:
        release_claims()
        RunGuard.checked.clear()
        _DEBUG["traceback"] = False
        _USER_CONFIG["dir"] = None
    return EXIT_OK


def _tell(error: BaseException, overrides: list[str]) -> int:
    if _DEBUG["traceback"]:
        traceback.print_exception(error)
    code, message = refusal(error, overrides)
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
