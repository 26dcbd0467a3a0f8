"""Every output peixun makes, written side by side so that two versions of the code can be
compared file by file (a refactoring must not change a byte; an incremental build must equal
a build from scratch).

    python bench/outputs.py make OUT [--peixun PATH] [--data DIR]...
    python bench/outputs.py compare OUT_A OUT_B

`make` writes, for the shipped data and the `small` synthetic data set: the site
(peixun build), the national and one provincial offline copy (zip and its checksum), the
open data (peixun export) and the print edition (peixun print) of the national and the
provincial scope. `--peixun` picks the program (another checkout's .venv/bin/peixun), so
the same data and mkdocs.yml are run through both versions.

`compare` lists every file that is only on one side or differs; zips are compared member by
member as well. Pagefind's filter and metadata files are left out: they differ between two
runs of the same Pagefind on the same pages (Pagefind 1.5.2; upstream issue 638),
so they are compared by name and count only.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PROVINCE = "330000"
# written anew by every Pagefind run even for the same pages: compared by name only
UNSTABLE = ("pagefind/filter/", "pagefind/pagefind-entry.json")


def _unstable(rel: str) -> bool:
    return rel.startswith(UNSTABLE) or (rel.startswith("pagefind/") and rel.endswith(".pf_meta"))


def _run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)  # each output carries its edition's date
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"命令失败：{' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def make_one(peixun: str, data: Path, config: Path, out: Path) -> None:
    """All outputs of one data set under out/."""
    common = ["--data", str(data), "--config", str(config)]
    _run([peixun, "build", *common, "--out", str(out / "site")], PROJECT)
    for scope in ("national", PROVINCE):
        _run([peixun, "offline", *common, "--scope", scope, "--out", str(out / "offline")], PROJECT)
        _run([peixun, "print", *common, "--scope", scope, "--out", str(out / f"print-{scope}")], PROJECT)
    _run([peixun, "export", *common, "--out", str(out / "data")], PROJECT)


def make(out: Path, peixun: str, config: Path) -> None:
    if out.exists():
        sys.exit(f"{out} 已存在：请指定一个新目录（本命令不覆盖已有文件）。")
    synthetic = out / "input-small"
    synth.write("small", synthetic)
    for name, data in (("shipped", PROJECT), ("small", synthetic)):
        make_one(peixun, data, config, out / name)
        print(f"已写出 {out / name}")


def _digests(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _zip_members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}


def compare(a: Path, b: Path) -> list[str]:
    """Lines naming each difference; empty when the outputs are the same."""
    left, right = _digests(a), _digests(b)
    found = []
    for rel in sorted(set(left) | set(right)):
        if rel not in right or rel not in left:
            if not _unstable(rel.split("/site/", 1)[-1]) or "/site/" not in rel:
                found.append(f"只在 {'A' if rel in left else 'B'} 中：{rel}")
            continue
        site_rel = rel.split("/site/", 1)[-1] if "/site/" in rel else ""
        if left[rel] == right[rel] or (site_rel and _unstable(site_rel)):
            continue
        found.append(f"不同：{rel}")
        if rel.endswith(".zip"):
            za, zb = _zip_members(a / rel), _zip_members(b / rel)
            for name in sorted(set(za) | set(zb)):
                if za.get(name) != zb.get(name):
                    found.append(f"    zip 成员不同或只在一边：{name}")
    counts = [sum(1 for r in side if "/site/" in r and _unstable(r.split("/site/", 1)[-1])) for side in (left, right)]
    if counts[0] != counts[1]:
        found.append(f"Pagefind 筛选与元数据文件个数不同：{counts[0]} 对 {counts[1]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="写出 peixun 的全部输出，或比较两份输出是否逐字节相同。")
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make", help="写出全部输出")
    m.add_argument("out", type=Path)
    m.add_argument("--peixun", default=str(Path(sys.executable).with_name("peixun")), help="用哪个 peixun（另一个检出的 .venv/bin/peixun）")
    m.add_argument("--config", type=Path, default=PROJECT / "mkdocs.yml")
    c = sub.add_parser("compare", help="比较两份输出")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        make(args.out, args.peixun, args.config.resolve())
        return
    found = compare(args.a, args.b)
    print("\n".join(found) if found else "两份输出逐字节相同（Pagefind 的筛选与元数据文件只比较个数）。")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
