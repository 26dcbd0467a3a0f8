"""Who reviews what: .github/CODEOWNERS from the departments' maintainers.

Each department owns its own record, its teacher pool's folder and the records it provides
(courses it developed, textbooks and bases it is responsible for). A department without
maintainers is covered by its parent's; whatever nobody owns falls to the maintainers of the
department that runs the national pool (the `*` line). GitHub uses the last matching line,
so the catch-all comes first.
"""
from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath

from ..records import vocab as V
from ..records.kinds import KINDS
from ..publish.outputs import Refused
from ..records.catalog import Result, load_catalog
from ..records.problems import Problem, quote

FILE = ".github/CODEOWNERS"
HEADER = (
    "# 代码所有者（审核人）：由 peixun codeowners 根据 catalog/departments/ 中各部门的 maintainers 生成，请勿手改。",
    "# 部门维护人变动后，改部门记录，再运行 peixun codeowners 并提交本文件。",
)
# record kind -> the field naming the department that provides it
PROVIDED_BY = {"course": "provider", "textbook": "department", "base": "department", "programme": "organiser"}


def _owners(index: dict) -> dict[str, tuple[str, ...]]:
    """department id -> its reviewers, its parents' when it names none."""
    departments = index.get("department", {})
    out: dict[str, tuple[str, ...]] = {}
    for did in departments:
        seen = set()
        current = did
        while current in departments and current not in seen:
            seen.add(current)
            facts = departments[current][0]
            if facts.maintainers:
                out[did] = facts.maintainers
                break
            current = dict(facts.refs).get("parent")
    return out


def render(index: dict) -> str:
    departments = index.get("department", {})
    owners = _owners(index)
    handles = lambda did: " ".join(f"@{h}" for h in owners.get(did, ()))  # noqa: E731
    lines = list(HEADER)
    national = next((did for did, (facts, _) in departments.items() if facts.pool == V.NATIONAL), None)
    default = handles(national) if national else ""
    if default:
        lines += ["", "# 其余文件：负责全国师资库的部门", f"* {default}"]

    def section(title: str, rows: list[tuple[str, str]]) -> None:
        rows = [(path, who) for path, who in rows if who]
        if rows:
            lines.extend(["", f"# {title}", *(f"/{path} {who}" for path, who in sorted(rows))])

    section("部门记录", [(str(path), handles(did)) for did, (_, path) in departments.items()])
    folder = KINDS["teacher"].folder
    section("师资库目录", [(f"{folder}/{facts.pool}/", handles(did)) for did, (facts, _) in departments.items() if facts.pool])
    for kind, field in PROVIDED_BY.items():
        rows = []
        for _, (facts, path) in index.get(kind, {}).items():
            provider = dict(facts.refs).get(field)
            if isinstance(provider, str) and provider in departments:
                rows.append((str(path), handles(provider)))
        section(f"{KINDS[kind].label}（由提供部门审核）", rows)
    return "\n".join(lines) + "\n"


def write(root: Path, index: dict) -> bool:
    """Write .github/CODEOWNERS; True when it changed."""
    target = root / FILE
    text = render(index)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    if target.exists() or target.is_symlink():
        try:
            ours = not target.is_symlink() and target.read_text(encoding="utf-8").startswith(HEADER[0])
        except (OSError, UnicodeDecodeError):
            ours = False
        if not ours:
            raise Refused(f"{FILE} 已存在，但不是 peixun codeowners 生成的（第一行不是它写的说明）；peixun 不会覆盖它。请先移走或删除它。")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return True


def repository_of(root: Path) -> Path | None:
    """The git work tree that holds root (nearest folder with .git), if any."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def check(root: Path, index: dict) -> list[Problem]:
    """When the data root is a GitHub checkout (it has .github/), CODEOWNERS must match the
    departments. Data sets inside another repository (test data, benchmarks) are not its
    records: GitHub reads CODEOWNERS only at the repository root."""
    if not (root / ".github").is_dir():
        return []
    path = PurePosixPath(FILE)
    target = root / FILE
    expected = render(index).splitlines()
    if not target.is_file():
        return [Problem(path, None, None, "codeowners-stale", "缺少 CODEOWNERS（审核人名单）。请运行 peixun codeowners 生成并提交。")]
    try:
        actual = target.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        actual = []
    if actual == expected:
        return []
    missing, extra, first = [], [], None
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, actual, expected, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        first = first if first is not None else a1
        extra += [line for line in actual[a1:a2] if line.strip()]
        missing += [line for line in expected[b1:b2] if line.strip()]
    parts = []
    if missing:
        parts.append(f"应补上 {len(missing)} 行，如 {quote(missing[0], 80)}")
    if extra:
        parts.append(f"应删去 {len(extra)} 行，如 {quote(extra[0], 80)}")
    message = (
        f"CODEOWNERS（审核人名单）与部门记录中的 maintainers 或记录的提供部门不一致：{'；'.join(parts) or '顺序或空行不同'}。"
        "请运行 peixun codeowners 重新生成并一并提交（不会运行命令时，可请审核人代为更新）。"
    )
    line = min(first or 0, len(actual)) + 1
    return [Problem(path, line, 1, "codeowners-stale", message)]


def validate(root: Path, *, jobs: int = 0) -> Result:
    """The records checked as `peixun validate` checks them: the catalog (records.catalog)
    and, when the records are sound, the repository around them (CODEOWNERS)."""
    result = load_catalog(root, jobs=jobs, records=False)
    if result.ok:  # broken records would look like stale lines
        result.problems.extend(check(root, result.index))
    return result
