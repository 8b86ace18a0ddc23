"""The matters the synthetic corpus talks about: one Topic per kind of public work, with
title, body and quote templates per tone, and complaint/reply templates for 12345.

Tone is the ground-truth sentiment: a "neg" text is built only from neg sentences plus
neutral background, so the label matches what a reader would say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Tones = Mapping[str, tuple[str, ...]]  # by tone: pos / neg / neu


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    noun: str  # what the matter is called in a sentence: 老旧小区加装电梯
    category: str  # 12345 category
    unit: str  # responsible unit code (office.UNITS)
    obj: str  # slot naming the concrete thing: community, school, road, ...
    with_district: bool  # whether "{district}{obj}" reads naturally
    weights: tuple[float, float, float]  # pos, neg, neu
    titles: Tones
    body: Tones
    quotes: Tones
    complaint_titles: tuple[str, ...]
    complaints: tuple[str, ...]
    replies: tuple[str, ...]


def _t(*items: str) -> tuple[str, ...]:
    return items


def all_topics() -> tuple[Topic, ...]:
    """Every topic, city-management ones first. Imported lazily: the data modules import
    Topic from here."""
    from huiying.demo.topics_city import CITY_TOPICS
    from huiying.demo.topics_public import PUBLIC_TOPICS

    return CITY_TOPICS + PUBLIC_TOPICS
