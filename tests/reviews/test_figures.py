"""Review figures for reports: counts in the period and review times in hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from huiying.org.models import Unit
from huiying.reviews.figures import review_figures
from huiying.reviews.publishing import publish
from huiying.reviews.services import (
    Passage,
    approve,
    create_draft,
    return_draft,
    save_draft,
    submit,
)
from tests.reviews.conftest import BODY

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _draft(unit, author, title):
    return create_draft(
        title=title, body=BODY, channels=["website"], unit=unit, author=author, now=T0
    )


def test_counts_and_hours(other_unit, office, author, reviewers):
    h = timedelta(hours=1)
    # A: submitted at T0, levels take 1h, 2h, 3h: approved after 6h, published.
    a = _draft(other_unit, author, "甲")
    submit(a, actor=author, now=T0)
    approve(a, 1, actor=reviewers[1], now=T0 + 1 * h)
    approve(a, 2, actor=reviewers[2], now=T0 + 3 * h)
    approve(a, 3, actor=reviewers[3], now=T0 + 6 * h)
    publish(a, channel="website", url="", published_at=T0 + 7 * h, actor=author, now=T0 + 8 * h)
    # B: returned at 复审 after 4h, fixed, resubmitted, approved 20h after first submission.
    b = _draft(other_unit, author, "乙")
    submit(b, actor=author, now=T0)
    approve(b, 1, actor=reviewers[1], now=T0 + 2 * h)
    return_draft(b, 2, actor=reviewers[2], now=T0 + 6 * h, passages=[Passage("进行进行", "重复")])
    save_draft(b, title="乙", body=BODY.replace("进行进行", "进行"), channels=["website"],
               actor=author, expected_version=b.version, now=T0 + 10 * h)  # fmt: skip
    submit(b, actor=author, now=T0 + 10 * h)
    approve(b, 1, actor=reviewers[1], now=T0 + 11 * h)
    approve(b, 2, actor=reviewers[2], now=T0 + 12 * h)
    approve(b, 3, actor=reviewers[3], now=T0 + 20 * h)
    # C: only submitted.
    c = _draft(other_unit, author, "丙")
    submit(c, actor=author, now=T0 + 2 * h)

    figures = review_figures(T0, T0 + timedelta(days=1), None)
    assert figures["submitted"] == 3
    assert figures["approved"] == 2
    assert figures["returned"] == 1
    assert figures["published"] == 1
    assert figures["review_hours_median"] == 13.0  # (6 + 20) / 2
    assert figures["review_hours_p90"] == pytest.approx(18.6)
    # 初审 waits: 1, 2, 1 → 1; 复审: 2, 4, 1 → 2; 终审: 3, 8 → 5.5
    assert figures["level_hours_median"] == {"1": 1.0, "2": 2.0, "3": 5.5}

    # Another unit sees none of it; a period before sees nothing.
    assert (
        review_figures(T0, T0 + timedelta(days=1), Unit.objects.filter(pk=office.pk))["submitted"]
        == 0
    )
    empty = review_figures(T0 - timedelta(days=2), T0, None)
    assert empty["approved"] == 0 and empty["review_hours_median"] is None
    assert empty["level_hours_median"] == {"1": None, "2": None, "3": None}
