"""Loading the demo office (huiying.demo.office) into the database, idempotently."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from huiying.demo import office
from huiying.ledger.demo import load_demo_ledger
from huiying.org.models import LeadingGroupMember, Unit
from huiying.org.services import add_leading_group_member, create_staff_user, create_unit
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source

_KINDS = {"rss": SourceKind.FEED, "web": SourceKind.PAGE}
_POSITIONS = {
    "组长": LeadingGroupMember.Position.HEAD,
    "副组长": LeadingGroupMember.Position.DEPUTY,
    "办公室主任": LeadingGroupMember.Position.OFFICE_DIRECTOR,
    "成员": LeadingGroupMember.Position.MEMBER,
}
# Demo feeds publish every minute or so; poll often enough to watch items arrive.
DEMO_MAX_INTERVAL = 60


def write_user_dictionary(path: Path | None = None) -> Path:
    path = path or Path(settings.HUIYING_USER_DICTIONARY)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# 本单位用户词典：每行一个词（单位、地名、项目名称），可随时补充。"]
        path.write_text("\n".join([*lines, *office.USER_WORDS]) + "\n", encoding="utf-8")
    return path


@transaction.atomic
def load_demo(feed_base_url: str) -> bool:
    """Create the demo office once. Returns False when it is already there."""
    if Unit.objects.filter(code=office.OFFICE_UNIT).exists():
        return False
    units: dict[str, Unit] = {}
    for spec in office.UNITS:
        units[spec.code] = create_unit(
            code=spec.code, name=spec.name, is_office=spec.kind == "office"
        )
    for user in office.DEMO_USERS:
        create_staff_user(
            username=user.username,
            password=office.DEMO_PASSWORD,
            role=user.role,
            units=[units[c] for c in user.unit_codes],
            display_name=user.display_name,
        )
    leaders = [
        add_leading_group_member(
            position=_POSITIONS.get(seat.group_role, LeadingGroupMember.Position.MEMBER),
            title=seat.position,
            unit=units[seat.unit_code],
            order=order,
        )
        for order, seat in enumerate(office.LEADING_GROUP)
    ]
    load_demo_ledger(units[office.OFFICE_UNIT], units, leaders)
    _demo_review_and_reports(units[office.OFFICE_UNIT])
    base = feed_base_url.rstrip("/")
    for src in office.DEMO_SOURCES:
        if not Source.objects.filter(name=src.name).exists():
            create_source(
                name=src.name,
                kind=_KINDS[src.kind],
                url=base + src.path,
                unit=units[src.unit_code],
                poll_interval=min(src.poll_interval_s, DEMO_MAX_INTERVAL),
            )
    return True


def _demo_review_and_reports(office_unit: Unit) -> None:
    """A draft waiting for 初审, and the daily brief scheduled for the office's leaders."""
    from django.contrib.auth import get_user_model

    from huiying.reports.schedules import save_schedule
    from huiying.reviews.services import create_draft, submit

    users = {u.username: u for u in get_user_model().objects.all()}
    draft = create_draft(
        title=office.DEMO_DRAFT_TITLE,
        body=office.DEMO_DRAFT_BODY,
        channels=["website", "wechat"],
        unit=office_unit,
        author=users["editor"],
    )
    submit(draft, actor=users["editor"])
    save_schedule(
        None,
        {
            "kind": "daily",
            "unit": None,
            "at": time(8, 30),
            "enabled": True,
            "recipients": [users[name] for name in ("leader", "principal", "depthead")],
        },
        actor=users["admin"],
    )
