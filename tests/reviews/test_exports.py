"""Exports of an approved draft, read back: DOCX with python-docx, PDF with pypdf; the
Chinese text, the issuing unit and the date are intact."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _get(client, user, draft, fmt):
    client.force_login(user)
    response = client.get(reverse("reviews:export", args=[draft.pk, fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def _date(draft):
    day = timezone.localtime(draft.approved_at).date()
    return f"{day.year}年{day.month}月{day.day}日"


def test_docx_reads_back_with_title_body_unit_and_date(client, approved, author):
    document = docx.Document(io.BytesIO(_get(client, author, approved, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于城南小区停水的情况通报" in text
    assert "我局会同国家卫生计生委驻地工作组" in text
    assert "市住建局" in text and _date(approved) in text


def test_pdf_reads_back_with_chinese_text(client, approved, author):
    reader = PdfReader(io.BytesIO(_get(client, author, approved, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert "关于城南小区停水的情况通报" in text
    assert "经核查，系供水管道老化破裂所致" in text
    assert "市住建局" in text


def test_html_for_the_website(client, approved, author):
    html = _get(client, author, approved, "html").decode()
    assert "<h1" in html and "关于城南小区停水的情况通报" in html and "<script" not in html


def test_drafts_not_yet_approved_cannot_be_exported(client, draft, author):
    client.force_login(author)
    assert client.get(reverse("reviews:export", args=[draft.pk, "docx"])).status_code == 404
