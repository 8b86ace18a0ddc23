"""Plain data in and out of event grouping: items, event snapshots, corrections.

Corrections are what a person decided; the store persists them (`to_dict`/`from_dict`)
and hands them to the clusterer, which applies them and keeps them (see cluster.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from huiying.core.events.terms import Terms


@dataclass(frozen=True, slots=True)
class EventItem:
    """One item as event grouping sees it. `family` is the key of the first item of its
    near-duplicate family (None when it starts one); `at` its published or arrival time
    (aware; None when unknown: the item then counts as arriving at the latest time seen)."""

    key: str
    terms: Terms
    title: str = ""
    at: datetime | None = None
    source: str = ""
    family: str | None = None
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """A snapshot of one event. `hourly` maps the start of each UTC hour (epoch seconds)
    to the number of items published in it."""

    id: str
    title: str
    title_item: str
    keywords: tuple[str, ...]
    places: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    items: int
    sources: tuple[str, ...]
    negative: int
    hourly: dict[int, int] = field(default_factory=dict)

    @property
    def negative_share(self) -> float:
        return self.negative / self.items if self.items else 0.0


@dataclass(frozen=True, slots=True)
class Merge:
    """Event `other` joins event `into`; `other`'s id then stands for `into`."""

    into: str
    other: str
    kind: Literal["merge"] = "merge"


@dataclass(frozen=True, slots=True)
class Split:
    """These items leave their events and form a new event. Automatic grouping never
    puts them back together with the event they left."""

    items: tuple[str, ...]
    kind: Literal["split"] = "split"


@dataclass(frozen=True, slots=True)
class Move:
    """The item goes to event `to` and stays there."""

    item: str
    to: str
    kind: Literal["move"] = "move"


Correction = Merge | Split | Move


def correction_to_dict(correction: Correction) -> dict[str, Any]:
    if isinstance(correction, Merge):
        return {"kind": "merge", "into": correction.into, "other": correction.other}
    if isinstance(correction, Split):
        return {"kind": "split", "items": list(correction.items)}
    return {"kind": "move", "item": correction.item, "to": correction.to}


def correction_from_dict(data: dict[str, Any]) -> Correction:
    kind = data.get("kind")
    if kind == "merge":
        return Merge(into=str(data["into"]), other=str(data["other"]))
    if kind == "split":
        return Split(items=tuple(str(k) for k in data["items"]))
    if kind == "move":
        return Move(item=str(data["item"]), to=str(data["to"]))
    raise ValueError(f"unknown correction kind: {kind!r}")
