"""The indexing run: Pagefind's extended binary (it segments Chinese) over the built pages."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run_pagefind(site: Path, *, source: Path | None = None, output: Path | None = None, background: bool = False) -> float:
    """Index the built site with the extended binary (reading the pages from source when
    given, writing the bundle to output, by default site/pagefind); returns seconds taken.
    background: at low priority (the preview's rebuild while someone edits)."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(source or site), "--force-language", "zh"]
    if source is not None or output is not None:
        command += ["--output-path", str(Path(output or Path(site) / "pagefind").resolve())]
    # background (the preview): at low priority, so that the next save is shown first
    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=(lambda: os.nice(10)) if background else None)
    if done.returncode != 0 or "Extended" not in done.stdout:
        detail = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"Pagefind 索引失败（需要 pagefind[extended]）：\n{detail}")
    return time.perf_counter() - start
