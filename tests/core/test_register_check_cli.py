"""scripts/register-check: one line per problem, a summary, exit 0/1/2, from any directory."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts" / "register-check"
DEMO = ROOT / "tools" / "demo" / "register.csv"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_clean_register_exits_0() -> None:
    result = _run("tools/demo/register.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "50 rows, 0 problems\n"


def test_works_from_another_directory_with_a_relative_path(tmp_path: Path) -> None:
    copy = tmp_path / "华府骏苑.csv"
    copy.write_bytes(DEMO.read_bytes())
    result = _run("华府骏苑.csv", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "50 rows, 0 problems\n")


def test_xlsx_register() -> None:
    result = _run(str(ROOT / "tools" / "demo" / "register.xlsx"))
    assert (result.returncode, result.stdout) == (0, "50 rows, 0 problems\n")


def test_problems_exit_1_one_line_each(tmp_path: Path) -> None:
    with DEMO.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    lines[1][lines[0].index("经度")] = "117.2"
    lines[3][lines[0].index("设备状态")] = "报废"
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="gbk", newline="") as file:
        csv.writer(file).writerows(lines)
    result = _run(str(path))
    assert result.returncode == 1
    output = result.stdout.splitlines()
    assert (
        output[0]
        == "row 2, column 经度: longitude 117.2 must have exactly 6 decimals (e.g. 117.330879)"
    )
    assert output[1].startswith("row 4, column 设备状态: '报废' is not one of 1.在用")
    assert output[2] == "50 rows, 2 problems"


def test_recording_period_below_one_month_is_reported(tmp_path: Path) -> None:
    with DEMO.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    column = lines[0].index("录像保存天数")
    row = next(n for n, line in enumerate(lines) if n and line[column])
    lines[row][column] = "15"
    path = tmp_path / "short.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(lines)
    result = _run(str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"row {row + 1}, column 录像保存天数: 15 days is below the standard's minimum of 30 days"
        " (recordings are kept for at least one month)",
        "50 rows, 1 problems",
    ]


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "missing.xlsx"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "no such file" in result.stderr


def test_community_option_checks_camera_codes() -> None:
    assert _run("tools/demo/register.csv", "--community", "340104001001001").returncode == 0
    result = _run("tools/demo/register.csv", "--community", "340104001001002")
    assert result.returncode == 1
    assert "community sequence 002" in result.stdout
