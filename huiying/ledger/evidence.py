"""What may be uploaded as 台账 evidence: office documents, PDFs and images, each checked
by its extension AND its first bytes, so a renamed executable or HTML page is refused.
Files are stored under a generated name; the original name is kept only for display."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
_ZIP = b"PK\x03\x04"  # .docx/.xlsx/.pptx/.ofd are zip containers
# extension → (content type, accepted leading bytes)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "ofd": ("application/ofd", (_ZIP,)),
    "doc": ("application/msword", (_OLE,)),
    "xls": ("application/vnd.ms-excel", (_OLE,)),
    "ppt": ("application/vnd.ms-powerpoint", (_OLE,)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (_ZIP,),
    ),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


@dataclass(frozen=True, slots=True)
class CheckedFile:
    upload: Any
    name: str  # as the user named it, for display and download
    stored_name: str  # what goes on disk
    size: int
    content_type: str


def _refuse(message: Any, code: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError({"files": ValidationError(message, code=code, params=params)})


def check_upload(upload: Any) -> CheckedFile:
    """Accept one uploaded file or raise ValidationError (field "files") in Chinese."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name[:255]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise _refuse(
            _(
                "不支持的文件类型：%(name)s。可上传 PDF、OFD、Word、Excel、PowerPoint、JPG 或 PNG 文件。"
            ),
            "file_type",
            {"name": name or "?"},
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise _refuse(_("文件 %(name)s 是空文件。"), "empty", {"name": name})
    if size > MAX_BYTES:
        raise _refuse(
            _("文件 %(name)s 过大（%(size)s），单个文件不能超过 %(limit)s。"),
            "too_big",
            {"name": name, "size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, signatures = ALLOWED[ext]
    if not any(head.startswith(sig) for sig in signatures):
        raise _refuse(
            _("文件 %(name)s 的内容与扩展名不符，已拒绝上传。"), "file_content", {"name": name}
        )
    return CheckedFile(upload, name, f"{uuid.uuid4().hex}.{ext}", size, content_type)


def check_uploads(uploads: list[Any]) -> list[CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise _refuse(_("一次最多上传 %(limit)d 个文件。"), "too_many", {"limit": MAX_FILES})
    return [check_upload(u) for u in uploads]
