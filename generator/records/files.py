"""Reading a record file safely: at most MAX_BYTES, never from a pipe or device, and
decoded as UTF-8 or explained (GBK, UTF-16/32 are recognised)."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from .problems import Problem

MAX_BYTES = 256 * 1024  # a record is a few KB; anything near this is a mistake or an attack


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 / UTF-16, with a BOM or recognisable by their zero bytes around ASCII."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII in UTF-16/32: every 2nd/4th byte is 0
        return "UTF-32" if head.count(0) * 4 >= len(head) * 3 else "UTF-16"
    return None


def decode(raw: bytes, path: PurePosixPath) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM (Windows Notepad) is harmless
    wide = _wide_encoding(raw)
    if wide:
        return None, Problem(path, 1, 1, "not-utf8", f"文件是 {wide} 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）。")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
    try:
        decoded = raw.decode("gb18030")
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None and re.search(r"[\u4e00-\u9fff]", decoded):
        message = (
            "文件不是 UTF-8 编码，疑似 GBK/GB18030 编码（Windows 记事本、WPS 的默认编码）。"
            "请用 UTF-8 重新保存：VS Code 中点右下角的编码，选“通过编码重新打开”→ GBK，再选“通过编码保存”→ UTF-8。"
        )
    else:
        message = "文件不是 UTF-8 编码，含有无法识别的字节，请用 UTF-8 重新保存。"
    return None, Problem(path, line, col, "not-utf8", message)


def _unreadable(rel: PurePosixPath, why: str) -> Problem:
    return Problem(rel, None, None, "unreadable", f"无法读取这个文件（{why}），请检查文件是否存在、是否有读取权限。")


def read_bytes(root: Path, rel: PurePosixPath) -> tuple[bytes | None, Problem | None]:
    # os.open/os.read: half the cost of open() for tens of thousands of small files;
    # O_NONBLOCK so that a named pipe cannot hang the run (it is refused below)
    try:
        fd = os.open(os.path.join(root, rel), os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, _unreadable(rel, "它是指向不存在文件的链接")
    except OSError as exc:
        return None, _unreadable(rel, f"系统提示：{exc.strerror}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, _unreadable(rel, "它不是普通文件，而是目录、管道或设备")
        chunks, size = [], 0
        while size <= MAX_BYTES:  # one read for a small file, plus the one that sees the end
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, _unreadable(rel, f"系统提示：{exc.strerror}")
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        return None, Problem(
            rel, None, None, "file-too-large", f"文件超过 {MAX_BYTES // 1024} KB 的上限，一条记录不应这么大；请精简简介或拆分内容。"
        )
    return raw, None
