"""The shape of generator/ (README, 代码结构): dependencies point one way, between packages
and between publish/'s products; no import circle anywhere; modules and functions stay
small enough to read, each opens with a docstring saying what it holds; templates spell no
page path; git ignores no source file."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import PROJECT

GENERATOR = PROJECT / "generator"
# a package may import itself and the packages after it in this list, never those before
LAYERS = ["cli", "contrib", "publish", "yearly", "records"]
# publish/: what each product may import besides the shared modules at publish/'s top
# (views, settings, outputs), which import no product
PRODUCTS = {
    "offline": {"website", "search"},
    "website": {"search", "opendata", "print", "charts"},
    "print": {"charts"},
    "opendata": set(),
    "search": set(),
    "charts": set(),
}


def module_name(path: Path, root: Path = PROJECT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_edges(root: Path, package: str = "generator") -> dict[str, list[tuple[int, str]]]:
    """Module -> (line, module) of every import of the package's own modules, at module level
    and inside functions alike. `from . import x` points at module x when there is one, else
    at the package; `from .x import name` at x."""
    files = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    edges: dict[str, list[tuple[int, str]]] = {}
    for module, path in files.items():
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [f"{target}.{a.name}" for a in node.names]
                found += [(node.lineno, name if name in files else target) for name in names]
            elif isinstance(node, ast.Import):
                found += [(node.lineno, a.name) for a in node.names]
        for line, target in found:
            while target not in files and "." in target:
                target = target.rpartition(".")[0]
            if target in files and target != module:
                edges.setdefault(module, []).append((line, target))
    return edges


def circles(edges: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Import circles as the modules along each, the first repeated at the end: at least one
    for every group of modules that import each other, none when there is none."""
    graph = {m: sorted({t for _, t in out}) for m, out in edges.items()}
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in graph.get(module, []):
            if state.get(target) == "open":
                found.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def _where(edges, a: str, b: str) -> str:
    """file:line of the import in module a of module b."""
    line = next(line for line, target in edges[a] if target == b)
    path = PROJECT.joinpath(*a.split("."))
    return f"{(path / '__init__.py' if path.is_dir() else path.with_suffix('.py')).relative_to(PROJECT)}:{line}"


def test_no_import_circle():
    edges = import_edges(PROJECT)
    found = [" → ".join(c) + f"（{_where(edges, c[-2], c[-1])}）" for c in circles(edges)]
    assert found == []


def test_an_added_circle_is_found(tmp_path):
    # the check above must be able to fail: two modules that import each other, one of
    # them only inside a function, and a package whose module imports it back
    pkg = tmp_path / "generator"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .a import thing\n")
    (pkg / "cli" / "__init__.py").write_text("from . import new\n")
    (pkg / "cli" / "new.py").write_text("from ..cli import main\n")
    (pkg / "cli" / "common.py").write_text("import generator.a\n")
    found = circles(import_edges(tmp_path))
    assert sorted(found) == [["generator.a", "generator.b", "generator.a"], ["generator.cli", "generator.cli.new", "generator.cli"]]


def _layer(module: str) -> str:
    """Every module belongs to its package; generator/__init__.py and __main__.py are the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "cli"


def test_dependencies_point_one_way():
    wrong = [
        f"{_where({module: out}, module, target)} imports {target}"
        for module, out in import_edges(PROJECT).items()
        for _, target in out
        if LAYERS.index(_layer(target)) < LAYERS.index(_layer(module))
    ]
    assert wrong == []


def _product(module: str) -> str | None:
    """The product of a publish/ module (website, search …), or None for the shared ones."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "publish" and parts[2] in PRODUCTS else None


def test_each_publish_product_has_its_folder():
    folders = {p.name for p in (GENERATOR / "publish").iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(PRODUCTS)
    shared = {p.name for p in (GENERATOR / "publish").glob("*.py")}
    assert shared == {"__init__.py", "views.py", "settings.py", "outputs.py"}


def test_publish_products_depend_one_way():
    wrong = []
    for module, out in import_edges(PROJECT).items():
        if not module.startswith("generator.publish"):
            continue
        mine = _product(module)
        for _, target in out:
            theirs = _product(target)
            if not target.startswith("generator.publish") or theirs is None or theirs == mine:
                continue
            if mine is None or theirs not in PRODUCTS[mine]:
                wrong.append(f"{_where({module: out}, module, target)} imports {target}")
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


def test_every_module_opens_with_what_it_holds():
    bare = [str(p.relative_to(PROJECT)) for p in sorted(GENERATOR.rglob("*.py")) if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert bare == []


def test_templates_spell_no_page_path():
    # every link goes through website/urls.py: a path in a template would be a second URL scheme
    spelled = re.compile(r"""['"][^'"]*\.md['"]|index\.md|/index\.html""")
    templates = sorted((GENERATOR / "publish" / "website" / "templates").glob("*.html"))
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in templates
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if spelled.search(line)
    ]
    assert templates and found == []


def test_no_source_file_is_ignored_by_git():
    # a folder named like an output (site/, dist/) must not hide code from the repository:
    # an ignored module works here and is missing from every clone
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--", "generator", "tests", "bench"],
        cwd=PROJECT, capture_output=True, text=True,
    )
    assert listed.returncode == 0, listed.stderr
    hidden = [f for f in listed.stdout.splitlines() if "__pycache__" not in f and not f.startswith("bench/out/")]
    assert hidden == []
