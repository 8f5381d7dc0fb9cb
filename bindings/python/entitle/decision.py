"""Decisions as Python values: money and decimals as decimal.Decimal, dates as
datetime.date, using the output types the rule set describes."""
from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class Citation:
    document: str
    section: str
    url: str = ""


@dataclass(frozen=True)
class Decision:
    """The result of one rule for one record at one date (docs/decisions.md)."""

    rule: str
    status: str  # "eligible", "not_eligible", "not_applicable" or "undetermined"
    title: str
    citation: Citation
    outputs: dict[str, Any]
    explanation: Optional[dict] = None  # with explain=True: conditions and what they read
    missing: list[str] = field(default_factory=list)  # fields an undetermined one still needs
    missing_parameters: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"


def convert(value: Any, type_name: str) -> Any:
    """A decisions-JSON value as the Python value of its rule-file type."""
    if value is None:
        return None
    if type_name.startswith("list<") and isinstance(value, list):
        element = type_name[5:-1]
        return [convert(v, element) for v in value]
    if type_name in ("money", "decimal"):
        return decimal.Decimal(value)
    if type_name == "date":
        return datetime.date.fromisoformat(value)
    return value  # int, bool, string, month ("YYYY-MM"), enum words, records as dicts


def decisions_from_json(document: dict, output_types: dict[str, dict[str, str]]) -> list[Decision]:
    out = []
    for d in document["decisions"]:
        types = output_types.get(d["rule"], {})
        c = d["citation"]
        out.append(Decision(
            rule=d["rule"],
            status=d["status"],
            title=d["title"],
            citation=Citation(c["document"], c.get("section", ""), c.get("url", "")),
            outputs={k: convert(v, types.get(k, "")) for k, v in d["outputs"].items()},
            explanation=d.get("explanation"),
            missing=list(d.get("missing", [])),
            missing_parameters=list(d.get("missing_parameters", [])),
            problem=d.get("problem", "")))
    return out
