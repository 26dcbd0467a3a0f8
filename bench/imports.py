"""Time `peixun import reviews` of a 1,000-row review sheet into one pool at national scale,
with `peixun validate` of the same data in the same run as the yardstick.

    python bench/imports.py --scale national [--runs 3]

The synthetic data (bench/synth.py) has every review up to the edition, so the bench copies
it, takes the 2017 reviews out of the national pool's teachers, writes the 2018 review sheet
with `peixun review-sheet` and fills in its first 1,000 rows (a result on each, a note on every
fifth, a status change on every fiftieth). Each run imports into the same copy, then puts the
touched files back, byte for byte. Fresh processes each time: start-up and imports included.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from validate import _WRAP, peixun  # noqa: E402

POOL = "national"
ROWS = 1000
REVIEW_2017 = re.compile(r"^  - year: 2017\n    result: [^\n]*\n(?:    note: [^\n]*\n)?", re.M)


def prepare(source: Path, work: Path) -> Path:
    data = work / "data"
    shutil.copytree(source, data)
    for path in (data / "teachers" / POOL).glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        cut = REVIEW_2017.sub("", text)
        if cut != text:
            path.write_text(re.sub(r"^reviews:\n(?=\S)", "", cut, flags=re.M), encoding="utf-8")
    return data


def fill(sheet: Path, out: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["年度复核"]
    last = min(ws.max_row, ROWS + 1)
    for r in range(2, last + 1):
        ws.cell(r, 7).value = ("合格", "基本合格", "合格", "不合格")[r % 4]
        if r % 5 == 0:
            ws.cell(r, 8).value = "授课认真，学员反映良好"
        if r % 50 == 0:
            ws.cell(r, 9).value, ws.cell(r, 10).value = "暂停", "工作调整"
    if ws.max_row > last:
        ws.delete_rows(last + 1, ws.max_row - last)
    wb.save(out)
    return last - 1


def roster(out: Path) -> int:
    """1,000 new teachers for one pool, as a department's roster: names, units, phones as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "工作单位", "职务", "师资来源", "擅长领域", "入库年份", "手机"])
    surnames, given = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许", "子涵 雨轩 浩然 思远 欣怡 梓萱 宇航 佳怡 俊杰 诗涵".split()
    for i in range(ROWS):
        name = surnames[i % 20] + given[(i // 20) % 10] + ("" if i < 200 else "甲乙丙丁戊"[(i // 200) % 5])
        ws.append([i + 1, name, f"中共某县委组织部第{i % 7 + 1}科", "科长", "业务骨干", "基层党建、干部工作", 2017, 13800000000 + i])
    wb.save(out)
    return ROWS


def timed(args: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[1:3])} failed (exit {done.returncode}); run it by hand to see why")
    return seconds, int(done.stdout), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description="测量 peixun import reviews（1,000 行复核表）在合成数据上的耗时。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    source = args.out / args.scale
    if not (source / "teachers").is_dir():
        synth.write(args.scale, source)
    with tempfile.TemporaryDirectory(prefix="peixun-bench-") as tmp:
        data = prepare(source, Path(tmp))
        sheet, filled = Path(tmp) / "sheet.xlsx", Path(tmp) / "filled.xlsx"
        config = HERE.parent / "mkdocs.yml"
        subprocess.run([*peixun(), "review-sheet", "--year", "2018", "--pool", POOL, "--out", str(sheet), "--data", str(data), "--config", str(config)], check=True, capture_output=True)
        rows = fill(sheet, filled)
        touched = {p: p.read_bytes() for p in (data / "teachers" / POOL).glob("*.yml")}
        imports, checks, peak = [], [], 0
        for _ in range(args.runs):
            seconds, rss, _ = timed([*peixun(), "import", "reviews", str(filled), "--data", str(data)])
            imports.append(seconds)
            peak = max(peak, rss)
            changed = sum(1 for p, raw in touched.items() if p.read_bytes() != raw)
            for p, raw in touched.items():
                p.write_bytes(raw)
            checks.append(timed([*peixun(), "validate", "--data", str(data)])[0])
        names = Path(tmp) / "roster.xlsx"
        people = roster(names)
        adds = []
        for _ in range(args.runs):
            before = set((data / "teachers" / "110000").glob("*.yml"))
            adds.append(timed([*peixun(), "import", "teachers", str(names), "--pool", "110000", "--data", str(data), "--config", str(config)])[0])
            for p in set((data / "teachers" / "110000").glob("*.yml")) - before:
                p.unlink()  # made by the import just now, in the bench's own copy
        print(f"规模 {args.scale}：复核表 {rows} 行（{POOL}），每次导入改动 {changed} 个文件")
        print(f"import teachers（{people} 行新名单，110000）：中位数 {statistics.median(adds):.2f} s（{' / '.join(f'{t:.2f}' for t in adds)}）")
        print(f"import reviews：中位数 {statistics.median(imports):.2f} s（{' / '.join(f'{t:.2f}' for t in imports)}），峰值内存 {peak / 1024:.0f} MB")
        print(f"validate（同一份数据，尺子）：中位数 {statistics.median(checks):.2f} s（{' / '.join(f'{t:.2f}' for t in checks)}）")
        print(f"比值 import / validate：{statistics.median(imports) / statistics.median(checks):.2f}")


if __name__ == "__main__":
    main()
