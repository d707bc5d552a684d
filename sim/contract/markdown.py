"""docs/results.md, rendered from the data dictionary.

Usage::

    python -m sim.contract.markdown --write docs/results.md   # after editing dictionary.yaml
    python -m sim.contract.markdown --check docs/results.md   # exit 1 if the page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.contract.dictionary import Dictionary, Section, load

SCOPES = {
    "run": "One run",
    "main job": "The main job (`tzcld-main`)",
    "experiment": "One experiment (`tzcld-experiment`, `sim.run_experiment`)",
    "export": "Exports (`tzcld-export`, `sim.report.export`)",
}
INTRO = """\
# Results: every file, column and key

What the simulator writes, under names that users' scripts, the dashboards and the tests rely on,
each with its unit and definition. Add columns and keys freely; rename or remove one only with a
note in CHANGELOG.md.

This page is rendered from `sim/contract/dictionary.yaml`, which is also where every Parquet
field's `unit` and `description` metadata come from: edit the YAML, then run
`python -m sim.contract.markdown --write docs/results.md`. `tests/contract/test_dictionary.py`
runs the commands and fails on any column or key written that is not listed here, and on this page
being out of date.

Where things are written:

- one run (`tzcld`, `Results.save` of `sim.simulate`): its own folder, by default
  `results/runs/<time>_<scenario>_<territory>_seed<k>/`, or `results/multirun/<time>/<n>_.../`
  for each run of a `tzcld -m` sweep;
- the main job (`tzcld-main`): `results/main/<time>/`, one run folder per design, territory and
  seed, and `job.json`;
- an experiment (`tzcld-experiment run`, `sim.run_experiment(..., out=...)`): its results folder,
  by default `results/experiments/<name>/`, with each run's folder under `runs/<run_id>/`;
- an export (`tzcld-export`): the tables below as sheets of one `.xlsx` workbook, or one `.csv`
  file each (UTF-8, comma-separated, decimal point, a header row), with a `units` table.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def section_markdown(dictionary: Dictionary, section: Section) -> str:
    """One file's heading, what it holds, and the table of its own entries."""
    files = ", ".join(f"`{name}`" for name in section.files)
    lines = [f"### {files}", "", section.what, ""]
    if section.include:
        included = [", ".join(f"`{f}`" for f in dictionary.sections[i].files) for i in section.include]
        lines += [
            f"Also holds every column of {' and '.join(included)} (section{'s' if len(included) > 1 else ''} "
            f"{', '.join(f'`{i}`' for i in section.include)}).",
            "",
        ]
    if section.entries:
        header = "column" if section.kind == "columns" else "key"
        lines += [f"| {header} | unit | definition |", "|---|---|---|"]
        lines += [f"| `{_cell(e.name)}` | {_cell(e.unit)} | {_cell(e.description)} |" for e in section.entries]
        lines.append("")
    lines.append(f"<sub>section `{section.id}`</sub>")
    lines.append("")
    return "\n".join(lines)


def render(dictionary: Dictionary | None = None) -> str:
    """The whole of docs/results.md."""
    dictionary = dictionary or load()
    parts = [INTRO, "## Conventions", "", dictionary.conventions, ""]
    for scope, title in SCOPES.items():
        sections = [s for s in dictionary.sections.values() if s.scope == scope]
        if sections:
            parts += [f"## {title}", ""]
            parts += [section_markdown(dictionary, s) for s in sections]
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write or check the rendered page; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m sim.contract.markdown", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, metavar="PATH", help="write the page")
    action.add_argument("--check", type=Path, metavar="PATH", help="exit 1 if the page differs from the dictionary")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        return 0
    current = args.check.read_text(encoding="utf-8") if args.check.is_file() else ""
    if current != text:
        print(f"{args.check} is out of date: python -m sim.contract.markdown --write {args.check}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
