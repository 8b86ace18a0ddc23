"""The seven steps as a state machine, and the refusals in words a person understands.

discover → watch → flash → consult → statement → respond → follow_up → closed
A step may be skipped forward where the practice allows it (a case opened with enough
facts goes straight to 快报; a small matter needs no 会商; an event that subsides while
being watched closes without a public answer). Closing goes through close_case, which
needs a summary; a closed case stays closed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from huiying.cases.models import Step

STALE = _("该案件已被他人修改，请刷新后重试。")

ALLOWED: dict[str, frozenset[str]] = {
    Step.DISCOVER: frozenset({Step.WATCH, Step.FLASH}),
    Step.WATCH: frozenset({Step.FLASH}),
    Step.FLASH: frozenset({Step.WATCH, Step.CONSULT, Step.STATEMENT}),
    Step.CONSULT: frozenset({Step.STATEMENT}),
    Step.STATEMENT: frozenset({Step.RESPOND}),
    Step.RESPOND: frozenset({Step.FOLLOW_UP}),
    Step.FOLLOW_UP: frozenset(),
    Step.CLOSED: frozenset(),
}
# Steps from which close_case may close the case.
CLOSABLE = frozenset({Step.DISCOVER, Step.WATCH, Step.RESPOND, Step.FOLLOW_UP})


def error(
    message: Any, code: str, field: str | None = None, params: dict[str, Any] | None = None
) -> ValidationError:
    exc = ValidationError(message, code=code, params=params)
    return ValidationError({field: exc}) if field else exc


def check_advance(current: str, target: str) -> None:
    """Raise a Chinese refusal unless `current` → `target` is allowed."""
    if target not in Step.values:
        raise error(_("未知的环节：%(step)s"), "unknown_step", params={"step": target})
    if current == Step.CLOSED:
        raise error(_("该案件已办结，不能再变更环节。"), "transition")
    if target == Step.CLOSED:
        raise error(_("办结请使用“办结”操作并填写办结总结。"), "transition")
    if target == current:
        raise error(
            _("该案件已处于“%(step)s”环节。"), "transition", params={"step": Step(target).label}
        )
    if target not in ALLOWED[current]:
        raise error(
            _("案件不能从“%(current)s”环节转到“%(target)s”环节。"),
            "transition",
            params={"current": Step(current).label, "target": Step(target).label},
        )


def check_close(current: str) -> None:
    if current == Step.CLOSED:
        raise error(_("该案件已经办结。"), "transition")
    if current not in CLOSABLE:
        raise error(
            _("案件处于“%(step)s”环节，尚未回应，不能办结。"),
            "transition",
            params={"step": Step(current).label},
        )


def next_steps(current: str) -> list[str]:
    return [s for s in Step.values if s in ALLOWED[current]]
