"""The shape of generator/ (README, 代码结构): dependencies point one way, modules and
functions stay small enough to read, and templates spell no page path."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import PROJECT

GENERATOR = PROJECT / "generator"
# a package may import itself and the packages after it in this list, never those before
LAYERS = ["cli", "contrib", "publish", "yearly", "records"]


def _layer(module: str) -> str:
    """Every module belongs to its package; cli.py, cli_new.py and the rest of the top level
    are the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "cli"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of generator's own modules in the file."""
    module = ".".join(path.relative_to(PROJECT).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("generator"):
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
                out += [(node.lineno, name) for name in names]
    return out


def test_dependencies_point_one_way():
    wrong = []
    for path in sorted(GENERATOR.rglob("*.py")):
        module = ".".join(path.relative_to(PROJECT).with_suffix("").parts)
        here = _layer(module)
        for line, target in _imports(path):
            there = _layer(target)
            if LAYERS.index(there) < LAYERS.index(here):
                wrong.append(f"{path.relative_to(PROJECT)}:{line} imports {target}")
    assert wrong == []


def test_publishing_never_sees_private_models():
    # publish/ gets the public projection; the private models live in records/kinds
    wrong = []
    for path in sorted((GENERATOR / "publish").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in ("Contact", "BaseContact", "import Teacher", "import Base\n", "TeacherPublic(", "model_validate"):
            if name in text:
                wrong.append(f"{path.relative_to(PROJECT)}: {name.strip()}")
    assert wrong == []


def test_modules_and_functions_stay_small():
    big = []
    for path in sorted(GENERATOR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 400:
            big.append(f"{path.relative_to(PROJECT)}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60:
                big.append(f"{path.relative_to(PROJECT)}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert big == []


def test_templates_spell_no_page_path():
    # every link goes through urls.py: a path in a template would be a second URL scheme
    spelled = re.compile(r"""['"][^'"]*\.md['"]|index\.md|/index\.html""")
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted((GENERATOR / "publish" / "templates").glob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if spelled.search(line)
    ]
    assert found == []
