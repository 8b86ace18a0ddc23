"""Two people editing the same draft: the second save is refused with a clear Chinese
message, the first is kept, and nothing is half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from huiying.reviews.models import Draft
from huiying.reviews.services import approve, save_draft, submit
from tests.reviews.conftest import BODY

pytestmark = pytest.mark.django_db


def test_second_of_two_concurrent_editors_is_refused(draft, author, head):
    seen = draft.version  # both opened the editor at this version
    mine = Draft.objects.get(pk=draft.pk)
    theirs = Draft.objects.get(pk=draft.pk)
    save_draft(
        mine, title=draft.title, body=BODY.replace("进行进行", "进行"), channels=["website"],
        actor=author, expected_version=seen,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        save_draft(
            theirs, title="负责人改的标题", body=BODY + "<p>负责人补充。</p>", channels=["website"],
            actor=head, expected_version=seen,
        )  # fmt: skip
    assert exc.value.code == "stale"
    message = exc.value.messages[0]
    assert "已被他人修改" in message and "第 2 版" in message and "仍保留" in message
    fresh = Draft.objects.get(pk=draft.pk)
    assert fresh.revision == 2 and fresh.versions.count() == 2
    assert "负责人补充" not in fresh.body and fresh.title == draft.title
    # With the fresh version number the second editor's save goes through.
    save_draft(
        fresh, title="负责人改的标题", body=fresh.body + "<p>负责人补充。</p>",
        channels=["website"], actor=head, expected_version=fresh.version,
    )  # fmt: skip
    assert fresh.revision == 3 and "负责人补充" in fresh.body


def test_an_approval_on_a_stale_page_is_refused(draft, author, first):
    submit(draft, actor=author)
    seen = draft.version
    save_draft(
        draft, title=draft.title, body=BODY + "<p>补充。</p>", channels=draft.channels,
        actor=author, expected_version=seen,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        approve(Draft.objects.get(pk=draft.pk), 1, actor=first, expected_version=seen)
    assert exc.value.code == "stale"
    assert not draft.decisions.exists()
