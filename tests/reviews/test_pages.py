"""The review pages: editor with the proofreading panel, live preview, approval page,
comparison, record and publication, term list; strict CSP, refusals server-side."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from huiying.reviews.models import Comment, Draft, ReviewDecision, ReviewerRule, Status, Term
from huiying.reviews.services import approve, save_draft, submit
from tests.reviews.conftest import BODY, staff

pytestmark = pytest.mark.django_db


def _page(client, user, url, status=200, **kwargs):
    client.force_login(user)
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.content[:500]
    return response


def _no_inline_code(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # only external scripts
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_editor_shows_findings_with_jump_targets(client, draft, author):
    response = _page(client, author, reverse("reviews:edit", args=[draft.pk]))
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    _no_inline_code(html)
    findings = draft.versions.get().findings
    assert f'<span class="count finding-count">{len(findings)}</span>' in html
    # Every finding's button jumps to a <mark id> holding the flagged passage.
    targets = re.findall(r'data-target="(finding-\d+)"', html)
    assert len(targets) == len(findings)
    marks = dict(re.findall(r'<mark id="(finding-\d+)" class="finding[^"]*">([^<]*)</mark>', html))
    assert set(targets) <= set(marks)
    assert marks["finding-1"] == findings[0]["text"]
    assert "国家卫生计生委" in marks.values() and "进行进行" in marks.values()
    assert "建议：国家卫生健康委" in html


def test_live_preview_cleans_and_proofreads_without_saving(client, draft, author):
    client.force_login(author)
    response = client.post(
        reverse("reviews:preview"),
        {"body": '<p onclick="x()">国家工商总局的的通知<script>alert(1)</script></p>'},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert" not in html and "onclick" not in html
    assert "国家市场监督管理总局" in html  # the term finding's suggestion
    assert '<mark id="finding-' in html
    assert Draft.objects.get(pk=draft.pk).versions.count() == 1


def test_stale_save_keeps_the_typed_text_and_says_why(client, draft, author, head):
    stale_version = draft.version
    save_draft(draft, title=draft.title, body=BODY + "<p>先保存的修改。</p>", channels=["website"],
               actor=head, expected_version=stale_version)  # fmt: skip
    client.force_login(author)
    response = client.post(
        reverse("reviews:edit", args=[draft.pk]),
        {"title": draft.title, "channels": ["website"], "body": BODY + "<p>我的修改。</p>",
         "expected_version": stale_version},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "该稿件已被他人修改" in html
    assert "我的修改。" in html  # still in the textarea: nothing lost
    fresh = Draft.objects.get(pk=draft.pk)
    assert "我的修改" not in fresh.body
    # Having read the latest version, saving again is a deliberate choice and goes through.
    assert f'name="expected_version" value="{fresh.version}"' in html
    client.post(
        reverse("reviews:edit", args=[draft.pk]),
        {"title": draft.title, "channels": ["website"], "body": BODY + "<p>我的修改。</p>",
         "expected_version": fresh.version},
    )  # fmt: skip
    assert "我的修改" in Draft.objects.get(pk=draft.pk).body


def test_approval_page_for_the_approver_and_refusal_for_others(client, draft, author, first, head):
    submit(draft, actor=author)
    url = reverse("reviews:review", args=[draft.pk])
    html = _page(client, first, url).content.decode()
    assert "初审通过" in html and 'data-target="finding-1"' in html
    html = _page(client, head, url).content.decode()
    assert "初审须由编辑审核" in html and "初审通过" not in html
    # Posting anyway is refused server-side.
    response = client.post(
        url, {"level": 1, "expected_version": draft.version, "outcome": "approve"}
    )
    assert response.status_code == 403
    assert not ReviewDecision.objects.exists()
    client.force_login(first)
    response = client.post(
        url, {"level": 1, "expected_version": draft.version, "outcome": "approve"}
    )
    assert response.status_code == 302
    assert Draft.objects.get(pk=draft.pk).level == 2


def test_return_with_a_passage_shows_it_to_the_author(client, draft, author, first, head):
    submit(draft, actor=author)
    approve(draft, 1, actor=first)
    text = draft.versions.get().text
    client.force_login(head)
    response = client.post(
        reverse("reviews:review", args=[draft.pk]),
        {"level": 2, "expected_version": draft.version, "outcome": "return",
         "comment": "请修改后再送。", "quote": "连夜进行进行抢修",
         "quote_start": text.index("连夜进行进行抢修"), "quote_comment": "删去重复的“进行”。"},
    )  # fmt: skip
    assert response.status_code == 302
    comment = Comment.objects.get()
    html = _page(client, author, reverse("reviews:edit", args=[draft.pk])).content.decode()
    assert "删去重复的“进行”。" in html and "请修改后再送。" in html
    assert f'<mark id="comment-{comment.pk}" class="comment-mark">连夜进行进行抢修</mark>' in html


def test_compare_marks_changes_and_escapes(client, draft, author):
    save_draft(draft, title=draft.title, body=BODY.replace("进行进行", "进行") + "<p>&lt;b&gt;附件</p>",
               channels=["website"], actor=author, expected_version=draft.version)  # fmt: skip
    html = _page(
        client, author, reverse("reviews:compare", args=[draft.pk]) + "?a=1&b=2"
    ).content.decode()
    assert "<del>进行</del>" in html
    assert "<ins>\n&lt;b&gt;附件</ins>" in html


def test_record_publish_and_exports_links(client, approved, author, leader):
    url = reverse("reviews:record", args=[approved.pk])
    html = _page(client, author, url).content.decode()
    assert html.count('class="decision-row decision-approve"') == 3
    assert "终审" in html and "zhongshen" in html
    when = timezone.localtime()
    response = client.post(
        reverse("reviews:publish", args=[approved.pk]),
        {"channel": "website", "url": "https://www.example.gov.cn/xxgk/1.html",
         "published_at": when.strftime("%Y-%m-%dT%H:%M"), "expected_version": approved.version},
    )  # fmt: skip
    assert response.status_code == 302
    html = _page(client, author, url).content.decode()
    assert (
        "https://www.example.gov.cn/xxgk/1.html" in html and when.strftime("%Y-%m-%d %H:%M") in html
    )
    assert Draft.objects.get(pk=approved.pk).status == Status.PUBLISHED


def test_queue_lists_drafts_by_level(client, draft, author, first):
    submit(draft, actor=author)
    html = _page(client, first, reverse("reviews:queue")).content.decode()
    assert draft.title in html and reverse("reviews:review", args=[draft.pk]) in html


def test_drafts_of_other_units_are_not_found(client, draft, office):
    outsider = staff("outsider", "editor", [office])
    _page(client, outsider, reverse("reviews:edit", args=[draft.pk]), status=404)


def test_only_manage_terms_changes_the_term_list(client, author, other_unit):
    head = staff("head2", "dept_head", [other_unit])
    client.force_login(author)
    assert (
        client.post(reverse("reviews:term_add"), {"wrong": "甲", "right": "乙"}).status_code == 403
    )
    client.force_login(head)
    assert (
        client.post(
            reverse("reviews:term_add"), {"wrong": "城管执法局", "right": "城市管理综合行政执法局"}
        ).status_code
        == 302
    )
    assert Term.objects.filter(wrong="城管执法局").exists()
    html = _page(client, author, reverse("reviews:terms")).content.decode()
    assert "城市管理综合行政执法局" in html


def test_only_administrators_set_reviewer_rules(client, author, admin_user, other_unit):
    client.force_login(author)
    form = {"unit": other_unit.pk, "level": 3, "channel": "press", "role": "principal_leader"}
    assert client.post(reverse("reviews:rule_set"), form).status_code == 403
    client.force_login(admin_user)
    assert client.post(reverse("reviews:rule_set"), form).status_code == 302
    rule = ReviewerRule.objects.get()
    assert (rule.unit, rule.level, rule.channel, rule.role) == (
        other_unit,
        3,
        "press",
        "principal_leader",
    )
    html = _page(client, author, reverse("reviews:rules")).content.decode()
    assert "新闻发布稿" in html and "主要领导" in html


def test_an_approval_may_carry_a_remark_on_a_passage(client, draft, author, first):
    submit(draft, actor=author)
    client.force_login(first)
    url = reverse("reviews:review", args=[draft.pk])
    form = {"level": 1, "expected_version": draft.version, "outcome": "approve",
            "quote": "经核查", "quote_comment": "建议写明核查单位。"}  # fmt: skip
    assert client.post(url, {**form, "level": 7}).status_code == 400
    assert client.post(url, form).status_code == 302
    comment = Comment.objects.get()
    assert comment.decision.outcome == "approve" and comment.body == "建议写明核查单位。"
