"""One Typst run in a process of its own (typeset.py's parts of a large directory): Typst
keeps what it laid out until its process ends, about 85 KB per directory row.

    python worker.py <folder> <template> compile|query <fonts> <timestamp>

runs by its path (nothing but Typst is imported), reads <folder>/data.json beside the
templates and writes <folder>/out (the PDF, or the part's report as JSON)."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(folder: str, template: str, mode: str, fonts: str, timestamp: str) -> None:
    import typst

    source, dirs = str(Path(folder) / template), fonts.split("\n")
    if mode == "query":
        found = typst.query(source, "<part>", field="value", one=True, root=folder, font_paths=dirs, ignore_system_fonts=True)
        (Path(folder) / "out").write_text(found if isinstance(found, str) else json.dumps(found), encoding="utf-8")
    else:
        pdf = typst.compile(source, root=folder, font_paths=dirs, ignore_system_fonts=True, timestamp=int(timestamp), pdf_tags=False)
        (Path(folder) / "out").write_bytes(pdf)


if __name__ == "__main__":
    main(*sys.argv[1:6])
