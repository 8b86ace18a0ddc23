"""Who may approve which level is decided server-side: the role the unit's rule names,
in the draft's unit; never the author; one person one level; nobody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from huiying.reviews.models import ReviewDecision, ReviewerRule, Status
from huiying.reviews.rules import approver_role, review_queue
from huiying.reviews.services import approve, create_draft, return_draft, submit
from tests.reviews.conftest import BODY, staff

pytestmark = pytest.mark.django_db


def _refused(draft, level, user, match):
    with pytest.raises(ValidationError, match=match) as exc:
        approve(draft, level, actor=user)
    assert exc.value.code == "forbidden"
    draft.refresh_from_db()
    return draft


def test_each_level_only_by_its_role(draft, author, first, head, leader):
    submit(draft, actor=author)
    _refused(draft, 1, head, "初审须由编辑审核")
    _refused(draft, 1, leader, "初审须由编辑审核")
    approve(draft, 1, actor=first)
    _refused(draft, 2, leader, "复审须由部门负责人审核")
    approve(draft, 2, actor=head)
    _refused(draft, 3, head, "终审须由分管领导审核")
    approve(draft, 3, actor=leader)
    assert draft.status == Status.APPROVED


def test_the_author_never_approves_their_own_draft(other_unit, first, head, leader):
    own = create_draft(
        title="本人起草", body=BODY, channels=["website"], unit=other_unit, author=first
    )
    submit(own, actor=first)
    _refused(own, 1, first, "起草人不能审核自己的稿件")
    with pytest.raises(ValidationError, match="起草人"):
        return_draft(own, 1, actor=first, comment="自退")
    # Nor at a later level when they hold that role: the head drafts, the head cannot 复审.
    by_head = create_draft(
        title="部门负责人起草", body=BODY, channels=["website"], unit=other_unit, author=head
    )
    submit(by_head, actor=head)
    approve(by_head, 1, actor=first)
    _refused(by_head, 2, head, "起草人不能审核自己的稿件")


def test_the_role_in_another_unit_is_not_enough(draft, author, office):
    outsider = staff("other-editor", "editor", [office])
    submit(draft, actor=author)
    _refused(draft, 1, outsider, "不属于该稿件的单位")
    assert not ReviewDecision.objects.exists()


def test_principal_leader_or_admin_cannot_approve_a_level_not_theirs(
    draft, author, office, admin_user
):
    principal = staff("zyld", "principal_leader", [office])
    submit(draft, actor=author)
    _refused(draft, 1, principal, "初审须由编辑审核")
    _refused(draft, 1, admin_user, "初审须由编辑审核")


def test_the_wrong_level_or_state_is_refused(draft, author, first, head):
    _refused(draft, 1, first, "不在初审环节")  # not submitted yet
    submit(draft, actor=author)
    _refused(draft, 2, head, "不在复审环节")  # 初审 first


def test_one_person_approves_one_level_of_a_version(draft, author, first, other_unit):
    ReviewerRule.objects.create(unit=other_unit, level=2, role="editor")
    submit(draft, actor=author)
    approve(draft, 1, actor=first)
    _refused(draft, 2, first, "同一人不能审核两级")
    second = staff("chushen2", "editor", [other_unit])
    approve(draft, 2, actor=second)
    assert draft.level == 3


def test_unit_and_channel_rules_name_the_approver(draft, author, first, head, leader, other_unit):
    principal = staff("zyld2", "principal_leader", [other_unit])
    ReviewerRule.objects.create(unit=other_unit, level=3, role="dept_head")
    # A rule for the draft's first channel beats the unit-wide rule.
    ReviewerRule.objects.create(
        unit=other_unit, channel="website", level=3, role="principal_leader"
    )
    assert approver_role(draft, 3) == "principal_leader"
    draft.channels = ["weibo"]
    assert approver_role(draft, 3) == "dept_head"
    draft.channels = ["website", "wechat"]
    submit(draft, actor=author)
    approve(draft, 1, actor=first)
    approve(draft, 2, actor=head)
    _refused(draft, 3, leader, "终审须由主要领导审核")
    approve(draft, 3, actor=principal)
    assert draft.status == Status.APPROVED


def test_queue_lists_what_i_may_approve(draft, author, first, head, leader):
    submit(draft, actor=author)
    assert review_queue(first) == [draft]
    assert review_queue(head) == [] and review_queue(author) == []
    approve(draft, 1, actor=first)
    assert review_queue(first) == [] and review_queue(head) == [draft]


def test_only_roles_with_write_drafts_write(other_unit):
    monitor = staff("jiance", "monitor", [other_unit])
    principal = staff("zyld3", "principal_leader", [other_unit])
    create_draft(title="监测员稿", body=BODY, channels=["other"], unit=other_unit, author=monitor)
    with pytest.raises(ValidationError, match="不能编辑"):
        create_draft(
            title="领导稿", body=BODY, channels=["other"], unit=other_unit, author=principal
        )
