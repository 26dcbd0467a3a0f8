"""The zip of an offline copy: bytes that depend only on its files (sorted entries, one fixed
date, fixed modes), and how to recognise a copy or checksum file peixun wrote."""
from __future__ import annotations

import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

_CHECKSUM_LINE = re.compile(r"[0-9a-f]{64}  peixun-[0-9]{4}-[0-9a-z]+\.zip\n")


def is_copy(path: Path) -> bool:
    """An offline copy or its checksum file as peixun writes them (for output folders that
    predate the list of written files): the zip holds one folder of its own name with the
    edition page; the checksum file is the one line `sha256sum` writes."""
    try:
        if path.name.endswith(".zip.sha256"):
            return path.stat().st_size < 200 and _CHECKSUM_LINE.fullmatch(path.read_text(encoding="utf-8")) is not None
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        stem = path.name.removesuffix(".zip")
        return f"{stem}/edition.html" in names and all(n.startswith(f"{stem}/") for n in names)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile):
        return False


def write_zip(site: Path, target: Path, epoch: int) -> int:
    """A zip whose bytes depend only on the files: sorted entries, one fixed date, fixed modes."""
    stamp = datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc).timetuple()[:6]  # zip dates start in 1980
    files = sorted(p for p in site.rglob("*") if p.is_file())
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{site.name}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return len(files)
