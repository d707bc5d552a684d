"""The data dictionary (``dictionary.yaml``): the unit and definition of every column and key written.

It serves three purposes: docs/results.md is rendered from it (:mod:`sim.contract.markdown`);
every Parquet file is written through :func:`conform`, which stores each field's unit and
description as field metadata, dictionary-encodes the text columns and gives every timestamp the
same unit; and the tests check that every column and key written has an entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

DICTIONARY_FILE = "dictionary.yaml"
TIMESTAMP = pa.timestamp("ms")
TEXT = pa.dictionary(pa.int32(), pa.string())
FACTOR = "<factor>"
# Placeholders other than <factor> stand for a name made of lower-case words (a payer's name).
_PLACEHOLDER = re.compile(r"<[a-z_ .]+>")


@dataclass(frozen=True)
class Entry:
    """One column or key.

    Attributes:
        name: Its name, possibly with a placeholder (``net_spending_<payer>_eur``, ``<factor>``).
        unit: Its unit (``EUR``, ``people``, ``share``...; ``text...`` for text).
        description: Its definition.
    """

    name: str
    unit: str
    description: str

    @property
    def is_text(self) -> bool:
        """Whether the values are text (written dictionary-encoded)."""
        return self.unit.startswith("text")

    def matches(self, name: str, factors: Iterable[str] = ()) -> bool:
        """Whether ``name`` is this entry (a placeholder stands for any payer's name; ``<factor>``
        for one of ``factors`` only)."""
        if self.name == FACTOR:
            return name in set(factors)
        if "<" not in self.name:
            return name == self.name
        parts = _PLACEHOLDER.split(self.name)
        pattern = "[a-z0-9_]+".join(re.escape(part) for part in parts)
        return re.fullmatch(pattern, name) is not None


@dataclass(frozen=True)
class Section:
    """One file (or export table) and its entries.

    Attributes:
        id: Identifier, e.g. ``run.timeseries``.
        file: The file name(s) as written (several, comma-separated, for shared identity columns).
        scope: ``run``, ``main job``, ``experiment`` or ``export``.
        what: What a row (or the file) is.
        entries: Its own columns or keys, in order.
        include: Sections whose entries the file also holds.
        kind: ``columns`` (a table), ``keys`` (a JSON object) or ``None`` (described only).
    """

    id: str
    file: str
    scope: str
    what: str
    entries: tuple[Entry, ...]
    include: tuple[str, ...]
    kind: str | None

    @property
    def files(self) -> list[str]:
        """The file names of the section."""
        return [name.strip() for name in self.file.split(",")]


class Dictionary:
    """The sections of ``dictionary.yaml``, with look-ups by section and by file name."""

    def __init__(self, conventions: str, sections: Sequence[Section]) -> None:
        self.conventions = conventions
        self.sections = {section.id: section for section in sections}

    def entries(self, section_id: str) -> list[Entry]:
        """A section's own entries, then those of the sections it includes (recursively)."""
        section = self.sections[section_id]
        found = list(section.entries)
        for other in section.include:
            found += self.entries(other)
        return found

    def find(self, section_id: str, name: str, factors: Iterable[str] = ()) -> Entry | None:
        """The entry of ``name`` in a section (exact names before placeholders), or None."""
        entries = self.entries(section_id)
        factors = tuple(factors)
        exact = [e for e in entries if e.name == name]
        if exact:
            return exact[0]
        return next((e for e in entries if e.matches(name, factors)), None)

    def missing(self, section_id: str, names: Iterable[str], factors: Iterable[str] = ()) -> list[str]:
        """The names written that the section does not document."""
        factors = tuple(factors)
        return [name for name in names if self.find(section_id, name, factors) is None]

    def sections_of(self, file_name: str) -> list[str]:
        """The sections that describe a file name, experiment-level ones last."""
        ids = [s.id for s in self.sections.values() if file_name in s.files and s.kind is not None]
        return sorted(ids, key=lambda i: self.sections[i].scope == "experiment")

    def lookup(self, file_name: str, name: str, factors: Iterable[str] = ()) -> Entry | None:
        """The entry of column ``name`` of a file, whichever section of that name documents it."""
        factors = tuple(factors)
        for section_id in self.sections_of(file_name):
            entry = self.find(section_id, name, factors)
            if entry is not None:
                return entry
        return None


def _entries(mapping: dict[str, Any] | None, where: str) -> tuple[Entry, ...]:
    entries = []
    for name, fields in (mapping or {}).items():
        if not isinstance(fields, dict) or not {"unit", "description"} <= set(fields):
            raise ValueError(f"{where}.{name}: expected {{unit, description}}, got {fields!r}")
        entries.append(Entry(str(name), str(fields["unit"]), str(fields["description"])))
    return tuple(entries)


def parse(data: dict[str, Any]) -> Dictionary:
    """A :class:`Dictionary` from the YAML content.

    Raises:
        ValueError: For a malformed section or entry, or an include that names no section.
    """
    sections = []
    for raw in data["sections"]:
        kind = "columns" if "columns" in raw else "keys" if "keys" in raw else None
        if kind is None and raw.get("include"):
            kind = "columns"
        sections.append(
            Section(
                id=raw["id"],
                file=raw["file"],
                scope=raw["scope"],
                what=raw["what"],
                entries=_entries(raw.get(kind or "columns"), raw["id"]),
                include=tuple(raw.get("include") or ()),
                kind=kind,
            )
        )
    dictionary = Dictionary(data.get("conventions", ""), sections)
    for section in sections:
        unknown = [i for i in section.include if i not in dictionary.sections]
        if unknown:
            raise ValueError(f"{section.id}: include names no section: {', '.join(unknown)}")
    return dictionary


@functools.cache
def load() -> Dictionary:
    """The package's data dictionary (read once)."""
    text = resources.files("sim.contract").joinpath(DICTIONARY_FILE).read_text(encoding="utf-8")
    # libyaml's parser when PyYAML has it: every run reads this file (about 0.1 s in pure Python)
    return parse(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def conform(table: pa.Table, file_name: str, factors: Iterable[str] = ()) -> pa.Table:
    """The table as every results file stores it.

    - each field documented in the dictionary carries ``unit`` and ``description`` metadata;
    - text columns are dictionary-encoded (``dictionary<int32, string>``), including a documented
      text column that holds only nulls, so its type does not depend on its content;
    - timestamps are in milliseconds.

    Args:
        table: The table to write.
        file_name: The file's name (``timeseries.parquet``...), which selects its sections.
        factors: The experiment's factor columns, if any.
    """
    dictionary = load()
    factors = tuple(factors)
    fields, columns = [], []
    for field, column in zip(table.schema, table.columns, strict=True):
        entry = dictionary.lookup(file_name, field.name, factors)
        kind = field.type
        if pa.types.is_timestamp(kind):
            kind = pa.timestamp("ms", tz=kind.tz)
        elif _is_text(kind) or (pa.types.is_null(kind) and entry is not None and entry.is_text):
            kind = TEXT
        if kind != field.type:
            column = cast_column(column, kind)
        metadata = dict(field.metadata or {})
        if entry is not None:
            metadata |= {b"unit": entry.unit.encode(), b"description": entry.description.encode()}
        fields.append(pa.field(field.name, kind, nullable=field.nullable, metadata=metadata or None))
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=table.schema.metadata))


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_dictionary(kind)


def conform_schema(schema: pa.Schema, file_name: str, factors: Iterable[str] = ()) -> pa.Schema:
    """The schema :func:`conform` gives a table of ``schema`` (for writers that stream row groups)."""
    empty = pa.Table.from_pylist([], schema=schema)
    return conform(empty, file_name, factors).schema


def cast_column(column: pa.ChunkedArray, kind: pa.DataType) -> pa.ChunkedArray:
    """``column`` as ``kind``; to a dictionary type, through ``dictionary_encode`` (whatever the source)."""
    if pa.types.is_dictionary(kind):
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if not pa.types.is_string(column.type):
            column = column.cast(pa.string())
        return column.dictionary_encode()
    return column.cast(kind)


def read_parquet(path: Any, **kwargs: Any) -> pd.DataFrame:
    """A results file as a data frame, its text columns as plain strings.

    The files store text dictionary-encoded, which pandas reads as categoricals; the project's
    readers undo that, so that ``where``, ``fillna`` or a concatenation behave as on text.
    """
    frame = pd.read_parquet(path, **kwargs)
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "str" for c in categorical}) if categorical else frame
