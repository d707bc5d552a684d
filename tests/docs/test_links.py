"""Every link and citation of the repository's documents stays inside it (or goes to the web).

A user who clones the project has no ``../shared`` beside it and none of the build machine's
paths: a relative link must resolve to a file of the repository, and no document, configuration
or experiment file may cite such a path.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    [
        *ROOT.glob("*.md"),
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "experiments").rglob("*.md"),
        *(ROOT / "results").glob("*.md"),
        *(ROOT / "examples").glob("*.md"),
    ]
)
CITING = sorted(
    [
        *DOCUMENTS,
        *(ROOT / "configs").rglob("*.yaml"),
        *(ROOT / "experiments").rglob("*.yaml"),
        *(ROOT / "sim").rglob("*.py"),
        *(ROOT / "sim").rglob("*.yaml"),
        *(ROOT / "examples").glob("*.ipynb"),
        ROOT / "CITATION.cff",
    ]
)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
OUTSIDE = re.compile(r"\.\./shared|/work/|/root/")  # the build machine's folders


def _relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:|#", target)]


def test_the_documents_are_found() -> None:
    names = {p.name for p in DOCUMENTS}
    assert {"README.md", "CHANGELOG.md", "CONTRIBUTING.md", "odd.md", "results.md", "python.md"} <= names


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(path: Path) -> None:
    broken = []
    for target in _relative_links(path):
        file = unquote(target.split("#", 1)[0])
        resolved = (path.parent / file).resolve()
        if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)} links outside the repository or to nothing: {broken}"


@pytest.mark.parametrize("path", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_citation_of_a_path_outside_the_repository(path: Path) -> None:
    offenders = [
        f"line {number}: {line.strip()[:100]}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not offenders, f"{path.relative_to(ROOT)} cites a path outside the repository: {offenders}"
