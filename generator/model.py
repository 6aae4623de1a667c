"""The record as typed objects (msgspec Structs), over the YAML records in site_data/records/.

Why msgspec: one small, well-kept library validates a record against these types, turns it back
into plain data in the declared key order (so records keep their bytes), and writes the JSON
Schema. Measured on 10,000 records (benchmarks/model_cost.py): 117 µs to read a record into the
model and 74 µs to write it back, against 20.8 ms to validate the same dict with jsonschema.

The field names and their order are the record contract (RECORD.md first, then the archive's own
keys). The statistics tables' rows and columns are not written here: they come from
generator/domain/formats.yaml, which generator/schema/generate.py reads to list them in the schema.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Any, Iterator, Literal, Union

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

Number = Union[int, float]
Figure = Union[Number, None]
Date = Union[datetime.date, None]
Template = Literal["pre2019", "2019", "2021", "unknown"]
Status = Literal["pass", "fail", "not_applicable"]
NameSource = Literal["title", "metadata", "text", "correction"]
SourceFormat = Literal["html", "text", "pdf", "docx", "xlsx"]

RecordId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="stable, script-independent, URL-safe")]
Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
Year = Annotated[int, Meta(ge=2007, le=2100)]
Part = Annotated[int, Meta(ge=1)]


class _Strict(Struct, forbid_unknown_fields=True):
    pass


class Place(_Strict, kw_only=True):
    """Where the body is, by the official code table (generator/places): the most specific division
    its name and region tell, with the names of the divisions it lies in."""
    code: Annotated[str, Meta(pattern=r"^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$",
                              description="行政区划代码 (2023 统计用区划代码): 2, 4, 6 or 9 digits")]
    province: str
    prefecture: str | UnsetType = UNSET
    county: str | UnsetType = UNSET
    township: str | UnsetType = UNSET
    via: Literal["name", "alias"]


class Organisation(_Strict):
    name: str | None
    region: list[str]
    name_source: NameSource | None | UnsetType = UNSET
    body: Annotated[str | None, Meta(description="the body's one name when it names itself in several ways "
                                                  "(site_data/bodies.yaml); else organisation.name")] | UnsetType = UNSET
    place: Annotated[Place | None, Meta(description="the body's division (generator/places); null with the reason "
                                                   "in nulls when its name and region tell none")] | UnsetType = UNSET


class Source(_Strict):
    file: str
    sha256: Sha256
    url: str | None
    retrieved: str | None | UnsetType = UNSET
    part: Part | None | UnsetType = UNSET
    format: SourceFormat | UnsetType = UNSET
    related: list[str] | UnsetType = UNSET
    ocr: bool | UnsetType = UNSET


class Dates(_Strict):
    web: Date | UnsetType = UNSET
    web_field: str | None | UnsetType = UNSET
    signed: Date | UnsetType = UNSET
    garbled: list[str] | UnsetType = UNSET
    url: Date | UnsetType = UNSET


class LegacyRow(_Strict):
    """A row of the pre-2019 统计表, in source order."""
    label: str
    unit: str | None
    value: Figure
    cumulative: Figure | UnsetType = UNSET


TableRows = dict[str, dict[str, Figure]]   # row key → column key → figure (keys: formats.yaml)


class Statistics(_Strict):
    proactive: TableRows | UnsetType = UNSET
    requests: TableRows | UnsetType = UNSET
    review_litigation: TableRows | UnsetType = UNSET
    legacy_table: list[LegacyRow] | UnsetType = UNSET


class Check(_Strict):
    id: str
    status: Status
    message: str


class Note(_Strict):
    """Why a field is null, or what the parser had to decide."""
    field: str
    reason: str


class CleaningStep(_Strict):
    step: str
    detail: str


class Section(_Strict):
    number: str | None
    title: str | None
    text: str


class Correction(_Strict):
    """A maintainer's correction (site_data/corrections/): what the parser said and why it changed."""
    field: str
    from_: Any = msgspec.field(name="from", default=None)
    to: Any = None
    reason: str = ""


class Record(_Strict):
    schema_version: Literal[1]
    id: RecordId
    is_report: bool
    not_report_reason: str | None
    title: str | None
    organisation: Organisation
    year: Year | None
    published: Date
    template: Template
    index_number: str | None
    source: Source
    dates: Dates
    statistics: Statistics
    inferred: list[str]
    headline: dict[str, Figure]
    headline_sources: dict[str, str | None]
    checks: list[Check]
    nulls: list[Note]
    cleaning: list[CleaningStep]
    sections: list[Section]
    text: str
    corrections: list[Correction]


class Cell(Struct, frozen=True):
    """One figure of a table as published: where it is, its value, and how it was read."""
    path: str                 # statistics.requests.granted.total
    value: Figure
    blank: bool               # the source cell was blank, "/", "-" or unreadable (value is null)
    inferred: bool            # computed by splitting glued digits with the table's arithmetic
    raw: str | None = None    # the cell's text, when the parser kept it


def from_data(data: dict[str, Any]) -> Record:
    """A record read from YAML (or built by the parser), checked against the types."""
    return msgspec.convert(data, Record, builtin_types=(datetime.date,))


def to_data(record: Record) -> dict[str, Any]:
    """Plain data in the contract's key order; dates stay dates (YAML writes them bare)."""
    data: dict[str, Any] = msgspec.to_builtins(record, builtin_types=(datetime.date,))
    return data


def cells(record: Record) -> Iterator[Cell]:
    """Every table cell of a record, tables in record order, rows and columns in record order."""
    inferred = set(record.inferred)
    stats = record.statistics
    for name in ("proactive", "requests", "review_litigation"):
        table = getattr(stats, name)
        if table is UNSET:
            continue
        for row, columns in table.items():
            for column, value in columns.items():
                path = f"statistics.{name}.{row}.{column}"
                yield Cell(path, value, value is None, path in inferred)
    if stats.legacy_table is not UNSET:
        for i, item in enumerate(stats.legacy_table):
            path = f"statistics.legacy_table[{i}].value"
            yield Cell(path, item.value, item.value is None, path in inferred)
