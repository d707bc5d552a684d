"""``tzcld-params``: the resolved parameter table of a configuration, with where each number comes from.

Positional arguments are Hydra overrides of the same configuration tree as ``tzcld``; the
table has one row per parameter (one per dated value for rules that change over time), with
its unit, year, tag, source or assumption range, and the Hydra key to change it.

Examples:
    tzcld-params scenario=existing_actors territory=coeur_du_hainaut
    tzcld-params --assumptions-only --filter ebe
    tzcld-params policy=belgium_2027 --out results/params_belgium.csv
    tzcld-params --format markdown --out results/params.md
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from hydra.errors import HydraException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.config.load import compose_config, to_run_config
from sim.config.provenance import BARE, COLUMNS, DATE, GROUPS, SETTING, ParamRow, iter_params
from sim.config.validate import ConfigError, validate
from sim.outputs import atomic_write, describe_os_error

PROG = "tzcld-params"
FORMATS = ("table", "csv", "markdown")
EXTENSIONS = {".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".txt": "table"}
# terminal columns: the path is never cut (it is what the reader searches for); the rest is
# truncated to fit, the full text being in the CSV and Markdown exports
UNIT_WIDTH = 28
MIN_SOURCE_WIDTH = 30
SOURCE_LINES = 3


class UsageError(Exception):
    """A command-line problem, reported in one message with exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        0 on success, 2 on a bad override, option or configuration (the message goes to stderr).
    """
    args = _parser().parse_args(argv)
    try:
        fmt = _output_format(args.format, args.out)
        if args.out is not None and args.out.exists() and not args.force:
            raise UsageError(f"--out {args.out}: the file exists; pass --force to replace it")
        cfg = _compose(args.overrides)
        run_config = to_run_config(cfg)
        if not args.no_validate:
            validate(run_config)
    except UsageError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except ConfigError as error:
        print(f"{PROG}: invalid configuration (use --no-validate to print it anyway).\n{error}", file=sys.stderr)
        return 2

    all_rows = list(iter_params(run_config))
    rows = select_rows(all_rows, args.filter, args.assumptions_only)
    title = _title(cfg, all_rows)
    if len(rows) != len(all_rows):
        title += f"; {len(rows)} of {len(all_rows)} rows shown"
    text = render(rows, fmt, title=title)
    if args.out is None:
        sys.stdout.write(text)
    else:
        try:
            atomic_write(args.out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        except OSError as error:
            print(f"{PROG}: {describe_os_error(error)}; nothing was written", file=sys.stderr)
            return 2
        print(f"{PROG}: {len(rows)} rows written to {args.out} ({fmt})", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Print the resolved parameter table of a configuration: one row per parameter (per dated "
            "value for rules that change), with unit, year, tag (R read, K widely reported, E estimated, "
            "A assumption), source or assumption range, and the Hydra key that changes it."
        ),
        epilog="Example: tzcld-params scenario=existing_actors territory=coeur_du_hainaut --filter operators",
    )
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, as for tzcld (e.g. territory=coeur_du_hainaut)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the --out extension .csv/.md/.txt, else table)",
    )
    parser.add_argument("--out", type=Path, default=None, help="write to this file (atomically) instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")
    parser.add_argument(
        "--filter",
        default=None,
        metavar="SUBSTRING",
        help="keep rows whose path, key, unit, source or note contains SUBSTRING (case-insensitive)",
    )
    parser.add_argument("--assumptions-only", action="store_true", help="keep only assumptions (tag A, with ranges)")
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="print the table even if the configuration fails the meaning checks (e.g. a cross-country mix)",
    )
    return parser


def _output_format(requested: str | None, out: Path | None) -> str:
    if requested is not None:
        return requested
    if out is None:
        return "table"
    suffix = out.suffix.lower()
    if suffix not in EXTENSIONS:
        accepted = ", ".join(EXTENSIONS)
        raise UsageError(f"--out {out}: cannot tell the format from {suffix!r}; use {accepted} or pass --format")
    return EXTENSIONS[suffix]


def _compose(overrides: Sequence[str]) -> DictConfig:
    """Compose the configuration, turning Hydra's errors into a message naming the override."""
    try:
        return compose_config(list(overrides))
    except (HydraException, OmegaConfBaseException, ValueError) as error:
        cause = error.__cause__ if error.__cause__ is not None else error
        # OmegaConf's messages name the full key on their first lines; Hydra adds the search path
        noise = ("provider=", "reference_type=", "object_type=")
        detail = "\n".join(
            line for line in str(cause).splitlines() if line.strip() and not any(n in line for n in noise)
        )
        detail = detail.replace("Config search path:", "").strip()
        culprit = _culprit(overrides, str(error) + str(cause))
        prefix = f"bad override {culprit!r}" if culprit else "bad overrides"
        raise UsageError(f"{prefix}: {detail}") from error


def _culprit(overrides: Sequence[str], message: str) -> str | None:
    """The override an error message is about, when it names one."""
    for override in overrides:
        key = override.split("=", 1)[0].lstrip("+~")
        value = override.split("=", 1)[1] if "=" in override else ""
        if override in message or (key and f"{key}/{value}" in message) or (key and f"'{key}'" in message):
            return override
    return None


def select_rows(rows: Sequence[ParamRow], text: str | None, assumptions_only: bool) -> list[ParamRow]:
    """Rows matching ``--filter`` and ``--assumptions-only``."""
    needle = (text or "").lower()
    selected = []
    for row in rows:
        if assumptions_only and not row.assumption:
            continue
        haystack = " ".join((row.path, row.key, row.unit, row.source, row.note)).lower()
        if needle and needle not in haystack:
            continue
        selected.append(row)
    return selected


def _title(cfg: DictConfig, rows: Sequence[ParamRow]) -> str:
    chosen = ", ".join(f"{group}={cfg[group].name}" for group in GROUPS)
    params = [row for row in rows if row.type not in (BARE, DATE, SETTING)]
    assumptions = sum(row.assumption for row in params)
    return (
        f"Parameters of {chosen} (seed={cfg.seed}, start={cfg.start}, horizon_months={cfg.horizon_months}): "
        f"{len(params)} values, {len(params) - assumptions} sourced, {assumptions} assumptions"
    )


# --------------------------------------------------------------------------- rendering
def render(rows: Sequence[ParamRow], fmt: str, title: str = "", width: int | None = None) -> str:
    """The rows as text in ``fmt`` (``table``, ``csv`` or ``markdown``)."""
    if fmt == "csv":
        return _csv(rows)
    if fmt == "markdown":
        return _markdown(rows, title)
    return _table(rows, title, width or shutil.get_terminal_size((160, 40)).columns)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return "" if value is None else str(value)


def _csv(rows: Sequence[ParamRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(value) for column, value in row.as_dict().items()})
    return buffer.getvalue()


def _markdown(rows: Sequence[ParamRow], title: str) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"{title}", ""] if title else []
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "---|" * len(COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(escape(_cell(value)) for value in row.as_dict().values()) + " |")
    return "\n".join(lines) + "\n"


def _provenance(row: ParamRow) -> str:
    """The one-column answer to "where does this come from"."""
    if row.type == SETTING:
        return "run setting"
    if row.type == DATE:
        return "rule date (sourced with the values it dates)"
    if row.type == BARE:
        return "bare number (no provenance fields)"
    text = row.source
    if row.assumption:
        low, high = row.range if row.range else ("?", "?")
        text = f"ASSUMPTION, range [{_cell(low)}, {_cell(high)}]" + (f"; {row.note}" if row.note else "")
    elif row.range is not None:
        text += f" (range explored [{_cell(row.range[0])}, {_cell(row.range[1])}])"
    return text


def _then(row: ParamRow) -> str:
    """Short form of a dated value's validity: until the next value, indexed, or fixed."""
    if row.indexation.startswith("until"):
        return row.indexation
    if row.indexation.startswith("indexed"):
        return "then indexed"
    return "then fixed" if row.indexation else ""


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _wrap(text: str, width: int) -> list[str]:
    """At most SOURCE_LINES lines of ``width``, the last one cut with an ellipsis."""
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) > SOURCE_LINES:
        rest = " ".join(lines[SOURCE_LINES - 1 :])
        lines = [*lines[: SOURCE_LINES - 1], _truncate(rest, width)]
    return lines


def _table(rows: Sequence[ParamRow], title: str, width: int) -> str:
    header = ("path", "value", "unit", "when", "validity", "tag", "source / assumption")
    cells = [
        (
            row.path,
            _cell(row.value),
            row.unit,
            row.start or _cell(row.year),
            _then(row),
            row.tag,
            _provenance(row),
        )
        for row in rows
    ]
    fixed = len(header) - 1
    widths = [max([len(header[i])] + [len(c[i]) for c in cells]) for i in range(fixed)]
    widths[2] = min(widths[2], UNIT_WIDTH)
    used = sum(widths) + 2 * fixed
    source_width = max(MIN_SOURCE_WIDTH, width - used)
    lines = textwrap.wrap(title, width) + [""] if title else []

    def line(values: Sequence[str], source: str) -> str:
        parts = [values[0].ljust(widths[0]), values[1].rjust(widths[1])]
        parts += [_truncate(values[i], widths[i]).ljust(widths[i]) for i in range(2, fixed)]
        parts.append(source)
        return "  ".join(parts).rstrip()

    lines.append(line(header[:fixed], header[fixed]))
    lines.append("  ".join("-" * w for w in (*widths, min(source_width, 40))))
    blank = ("",) * fixed
    for values in cells:
        first, *more = _wrap(values[fixed], source_width)
        lines.append(line(values, first))
        lines.extend(line(blank, extra) for extra in more)
    if not cells:
        lines.append("(no row matches)")
    lines.append("")
    lines.append("Units and sources in full: --format csv|markdown, or --out FILE.csv|FILE.md.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
