"""The preview (`peixun serve`): from saving a record to seeing it in the browser, and the
server's memory over many edits.

    python bench/preview.py --scale national [--edits 20]

On a copy of the synthetic data, starts `peixun serve` (its first build fills the cache),
then edits one teacher's bio at a time and asks the server for that teacher's page until
the new words are there (the time a browser's reload would show them). After each edit the
server process (PSS, bench/memory.py; and with the Pagefind it runs in the background) is
measured 3 s later.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import memory  # noqa: E402
import synth  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode("utf-8")


def _wait(test, seconds: float, what: str):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            found = test()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.05)
    sys.exit(f"{seconds:.0f} 秒内没有等到：{what}")


def main() -> None:
    parser = argparse.ArgumentParser(description="测量预览：保存一条记录到浏览器中看到它的时间，以及多次修改后的内存。")
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="national")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    source = synth.ensure(args.scale, args.out)
    data = args.out / f"preview-{args.scale}"
    site = args.out / f"preview-{args.scale}-site" / "site"
    for folder in (data, site.parent):  # this script's own folders
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, data)
    port = _free_port()
    peixun = str(Path(sys.executable).with_name("peixun"))
    cmd = [peixun, "serve", "--data", str(data), "--out", str(site), "--config", str(PROJECT / "mkdocs.yml"), "--port", str(port)]
    log = (args.out / f"preview-{args.scale}.log").open("w", encoding="utf-8")
    started = time.perf_counter()
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get(f"{base}/__peixun__/status"), 1800, "预览启动")
        print(f"第一次生成并开始预览：{time.perf_counter() - started:.1f} s，进程树 {sum(memory._pss_kb(p) for p in memory._tree(server.pid)) / 1024:.0f} MB")
        teachers = sorted((data / "teachers").rglob("*.yml"))
        step = max(1, len(teachers) // args.edits)
        visible, sizes = [], []
        for n in range(args.edits):
            path = teachers[n * step]
            url = f"{base}/teacher/{path.stem}.html"
            words = f"预览测试第{n + 1}次修改。"
            text = path.read_text(encoding="utf-8")
            t = time.perf_counter()
            path.write_text(text.replace("bio: ", f"bio: {words}", 1) if "bio: " in text else text + f"bio: {words}\n", encoding="utf-8")
            _wait(lambda: words in _get(url), 120, f"第 {n + 1} 次修改")
            visible.append(time.perf_counter() - t)
            version = json.loads(_get(f"{base}/__peixun__/status"))["version"]
            time.sleep(3)  # the pages that list the teacher follow; search goes on in the background
            _wait(lambda: json.loads(_get(f"{base}/__peixun__/status"))["version"] >= version, 120, "其余页面更新")
            sizes.append(memory._pss_kb(server.pid))
            tree = sum(memory._pss_kb(p) for p in memory._tree(server.pid))
            print(f"第 {n + 1} 次修改（{path.relative_to(data)}）：{visible[-1]:.2f} s 后可见；服务进程 {sizes[-1] / 1024:.0f} MB，"
                  f"连同后台的 Pagefind {tree / 1024:.0f} MB")
        print(f"保存到可见：中位数 {statistics.median(visible):.2f} s，最慢 {max(visible):.2f} s（{len(visible)} 次）")
        print(f"服务进程（不含后台的 Pagefind）内存：第 1 次修改后 {sizes[0] / 1024:.0f} MB，最后 {sizes[-1] / 1024:.0f} MB，最多 {max(sizes) / 1024:.0f} MB")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    main()
