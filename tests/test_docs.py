"""Documentation is tested: every setting and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_setting_is_documented():
    settings_src = (ROOT / "huiying" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', settings_src))
    assert len(names) > 10
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert not missing, f"undocumented settings: {missing}"


def test_every_huiying_command_is_documented():
    commands = {
        p.stem
        for p in ROOT.glob("huiying/*/management/commands/*.py")
        if not p.stem.startswith("_")
    }
    assert {"run", "source", "import", "search", "createadmin"} <= commands
    commands.add("analyze")  # served by huiying/cli.py itself: it needs no Django
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    missing = sorted(c for c in commands if f"`huiying {c}" not in doc)
    assert not missing, f"undocumented commands: {missing}"
