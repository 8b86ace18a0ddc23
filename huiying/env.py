"""Typed helpers to read settings from the environment.

The only module that reads os.environ. A secret may be given as NAME_FILE, the path
of a file holding it (for Docker/systemd secrets).
"""

from __future__ import annotations

import os
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name, "")
    return int(value) if value.strip() else default


def env_float(name: str, default: float) -> float:
    value = env_str(name, "")
    return float(value) if value.strip() else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env_str(name, "")
    if not value.strip():
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


def env_path(name: str, default: Path) -> Path:
    value = env_str(name, "")
    return Path(value).expanduser().resolve() if value else default
