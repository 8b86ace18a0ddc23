"""`huiying analyze` (huiying.batch.main): the contract in DESIGN.md, as another tool sees it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from huiying.batch import main

ROOT = Path(__file__).resolve().parents[2]

STORY = (
    "江南区锦华苑小区5栋的加装电梯从9月底开始施工，井道都搭起来了，10月中旬突然停工，"
    "到现在一个多月没人管。楼上好几位老人天天盼着，请问什么时候能复工？"
)
ROWS = [
    {"id": "a1", "title": "锦华苑小区加装电梯停工", "text": STORY, "source": "市长信箱"},
    {
        "id": 2,
        "title": "青龙巷路灯不亮",
        "text": "青龙巷的路灯坏了好久了，晚上黑灯瞎火的，前几天有个老人摔了一跤，请尽快维修。",
    },
    # A repost in Traditional script with an intro: a near-duplicate of a1.
    {
        "id": "a3",
        "title": "轉發：錦華苑小區加裝電梯停工",
        "text": "關注身邊事。\n\n江南區錦華苑小區5棟的加裝電梯從9月底開始施工，井道都搭起來了，10月中旬突然停工，到現在一個多月沒人管。樓上好幾位老人天天盼著，請問什麼時候能復工？",
        "url": "https://forum.example/t/3",
        "published_at": "2025-11-03T10:00:00+08:00",
    },
    {
        "id": "a4",
        "text": "锦华苑5栋加装电梯装了一半就停工了，围挡把楼道口堵了一半，老人进出很不方便，施工方电话也打不通。",
    },
    {
        "id": "a5",
        "title": "感谢环卫工人",
        "text": "今天看到环卫工人冒雨清扫街道，非常感动，点赞！",
        "source": "微博",
    },
]
RULES = """# 监测规则：名称 = 查询
电梯 = 加装电梯 & (停工 | 投诉)
路灯\t路灯 & (不亮 | 坏)
微博来源 = source:微博
"""


def _write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    rules = tmp_path / "rules.txt"
    rules.write_text(RULES, encoding="utf-8")
    return _write_jsonl(tmp_path / "in.jsonl", ROWS), tmp_path / "out.jsonl", rules


def test_one_row_per_input_row_in_order_with_the_contract_fields(files, capsys):
    source, out, rules = files
    assert main(["--in", str(source), "--out", str(out), "--rules", str(rules)]) == 0
    result = _read_jsonl(out)
    assert [r["id"] for r in result] == ["a1", 2, "a3", "a4", "a5"]  # ids as given, types kept
    for row in result:
        assert set(row) == {"id", "dup_of", "event", "sentiment", "rules"}
        sentiment = row["sentiment"]
        assert isinstance(sentiment, dict) and sentiment["label"] in ("pos", "neg", "neu")
        assert isinstance(sentiment["score"], float) and -1.0 <= sentiment["score"] <= 1.0
        assert isinstance(row["event"], str)
    by_id = {r["id"]: r for r in result}
    assert by_id["a1"]["dup_of"] is None
    assert by_id["a3"]["dup_of"] == "a1"  # the earliest row of its near-duplicate family
    assert by_id[2]["dup_of"] is None
    assert by_id["a1"]["event"] == by_id["a3"]["event"] == by_id["a4"]["event"] == "e1"
    assert by_id[2]["event"] == "e2"
    assert by_id["a5"]["event"] == "e3"
    assert by_id["a1"]["rules"] == ["电梯"]
    assert by_id[2]["rules"] == ["路灯"]
    assert by_id["a5"]["rules"] == ["微博来源"]
    assert by_id["a4"]["sentiment"]["label"] == "neg"
    assert by_id["a5"]["sentiment"]["label"] == "pos"
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing on stdout when writing to a file


def test_without_rules_every_row_has_an_empty_rule_list(files):
    source, out, _ = files
    assert main(["--in", str(source), "--out", str(out)]) == 0
    assert all(r["rules"] == [] for r in _read_jsonl(out))


def test_invalid_rows_are_listed_with_line_numbers_and_the_valid_ones_all_written(tmp_path, capsys):
    rows: list[object] = [
        ROWS[0],
        "{not json",
        {"text": "没有 id"},
        {"id": "b4"},
        {"id": "b5", "text": 42},
        ROWS[1],
        {"id": "a1", "text": "重复的 id"},
        "[1, 2]",
        {"id": "b9", "text": "时间不对", "published_at": "昨天"},
        "",
        ROWS[3],
    ]
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    with source.open("ab") as f:
        f.write(b'{"id": "bad-utf8", "text": "\xff\xfe"}\n')
    out = tmp_path / "out.jsonl"
    assert main(["--in", str(source), "--out", str(out)]) == 1
    assert [r["id"] for r in _read_jsonl(out)] == ["a1", 2, "a4"]
    err = capsys.readouterr().err
    expected = {
        2: ("不是有效的 JSON", "bad JSON"),
        3: ("缺少 id", "missing id"),
        4: ("缺少 text", "missing text"),
        5: ("text 必须是字符串", "text must be a string"),
        7: ("重复", "duplicate id"),
        8: ("不是 JSON 对象", "not a JSON object"),
        9: ("published_at", "ISO 8601"),
        12: ("UTF-8", "UTF-8"),
    }
    lines = err.splitlines()
    for number, (zh, en) in expected.items():
        line = next(x for x in lines if x.startswith(f"第 {number} 行"))
        assert zh in line and f"line {number}:" in line and en in line
    assert "第 7 行" in err and "line 1" in err  # the duplicate points at the first one
    assert "3 valid rows, 8 invalid rows" in err


def test_a_malformed_rule_stops_before_any_row_is_processed(files, capsys):
    source, out, rules = files
    rules.write_text(
        "# 规则\n电梯 = 加装电梯 & (停工 | 投诉)\n路灯 = (路灯 & 不亮\n", encoding="utf-8"
    )
    assert main(["--in", str(source), "--out", str(out), "--rules", str(rules)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "路灯" in err and "第 3 行" in err and "line 3" in err
    assert "右括号" in err  # the parser's own message
    assert "第 3 行第 14 个字符" in err  # just past the end of the line, where ")" is missing
    assert "^" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("电梯 加装电梯\n", "name = query"),
        ("电梯 = 加装电梯\n电梯 = 停工\n", "duplicate rule name"),
        (" = 加装电梯\n", "no name"),
        ('{"电梯": "加装电梯", "路灯": "(路灯"}', "character 4"),
        ('{"电梯": 1}', "JSON object"),
        ("{电梯", "not valid JSON"),
    ],
)
def test_rules_file_errors(files, capsys, content, message):
    source, out, rules = files
    rules.write_text(content, encoding="utf-8")
    assert main(["--in", str(source), "--out", str(out), "--rules", str(rules)]) == 2
    assert message in capsys.readouterr().err


def test_rules_as_a_json_object(files):
    source, out, rules = files
    rules.write_text(json.dumps({"路灯": "路灯 & 不亮", "电梯": "加装电梯"}, ensure_ascii=False))
    assert main(["--in", str(source), "--out", str(out), "--rules", str(rules)]) == 0
    by_id = {r["id"]: r for r in _read_jsonl(out)}
    assert by_id[2]["rules"] == ["路灯"] and by_id["a1"]["rules"] == ["电梯"]


def test_progress_is_reported_on_stderr(files, capsys):
    source, out, _ = files
    assert main(["--in", str(source), "--out", str(out), "--progress-every", "2"]) == 0
    err = capsys.readouterr().err
    assert "5 rows" in err and "rows/s" in err


def test_usage_errors(tmp_path, capsys):
    assert main(["--in", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "cannot open" in capsys.readouterr().err
    assert main(["--out", "x"]) == 2
    assert "--in" in capsys.readouterr().err


def _run_subprocess(
    args: list[str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    code = (
        "import sys; from huiying.batch import main; status = main(sys.argv[1:]); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'; "
        "sys.exit(status)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_as_a_subprocess_with_stdin_and_stdout_and_no_django(tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS] + ['{"id": "x"}']
    data = ("\n".join(lines) + "\n").encode("utf-8")
    done = _run_subprocess(["--in", "-", "--out", "-"], stdin=data)
    assert done.returncode == 1, done.stderr.decode()
    result = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in result] == ["a1", 2, "a3", "a4", "a5"]
    assert result[2]["dup_of"] == "a1"
    err = done.stderr.decode("utf-8")
    assert "第 6 行：缺少 text" in err and "line 6: missing text" in err


def test_as_a_subprocess_with_files(files):
    source, out, rules = files
    done = _run_subprocess(["--in", str(source), "--out", str(out), "--rules", str(rules)])
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    assert [r["event"] for r in _read_jsonl(out)] == ["e1", "e2", "e1", "e1", "e3"]
