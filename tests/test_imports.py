"""Every import declared: each module of the packages imports, every import statement in them (those inside
functions too: the lazy ones) resolves, each third-party one comes from a project pyproject.toml declares, and the
last-resort body extractor, which imports lxml's HTML cleaner only when it runs, extracts a body.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from parsers.page import parse_page

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "parsers")
FALLBACK_PAGE = ROOT / "tests" / "pages" / "themes" / "no-content-area.html"


def package_modules() -> list[str]:
    """Every module of the packages, but `__main__` (importing it runs the command)."""
    names = []
    for package in PACKAGES:
        names.append(package)
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not info.name.endswith(".__main__"):
                names.append(info.name)
    return names


def source_files() -> list[Path]:
    """The Python files of the packages."""
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def import_statements(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(module, names imported from it, line) for each absolute import anywhere in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module != "__future__":
            found.append((node.module, tuple(alias.name for alias in node.names), node.lineno))
    return found


def normalized(name: str) -> str:
    """A project name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_projects() -> set[str]:
    """The projects pyproject.toml's dependencies name (not the test or bench extras)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(normalized(match.group()))
    return names


def third_party_roots() -> dict[str, list[str]]:
    """Top-level names the packages import that are neither the standard library nor the packages, with where."""
    roots: dict[str, list[str]] = {}
    for path in source_files():
        for module, _names, line in import_statements(path):
            root = module.split(".")[0]
            if root not in sys.stdlib_module_names and root not in PACKAGES:
                roots.setdefault(root, []).append(f"{path.relative_to(ROOT)}:{line}")
    return roots


def test_the_walk_finds_the_modules_a_lazy_import_needs() -> None:
    modules = package_modules()
    assert {"crawler.cli", "crawler.demo", "crawler.web.serve", "parsers.generic", "crawler.replica.server"} <= set(
        modules
    )
    assert len(modules) > 60


@pytest.mark.parametrize("name", package_modules())
def test_every_module_imports(name: str) -> None:
    assert importlib.import_module(name).__name__ == name


def test_every_import_statement_resolves_including_those_inside_functions() -> None:
    unresolved = []
    for path in source_files():
        for module, names, line in import_statements(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            try:
                imported = importlib.import_module(module)
            except ImportError as exc:
                unresolved.append(f"{where}: import {module}: {exc}")
                continue
            for name in names:
                if not hasattr(imported, name):
                    try:
                        importlib.import_module(f"{module}.{name}")
                    except ImportError as exc:
                        unresolved.append(f"{where}: from {module} import {name}: {exc}")
    assert unresolved == []


def test_every_third_party_import_comes_from_a_declared_project() -> None:
    roots = third_party_roots()
    assert {"httpx", "lxml", "trafilatura", "datasette", "jinja2", "markupsafe", "pluggy"} <= set(roots)
    providers = packages_distributions()
    declared = declared_projects()
    undeclared = {
        root: where
        for root, where in roots.items()
        if not {normalized(project) for project in providers.get(root, [])} & declared
    }
    assert undeclared == {}, "imported but not in pyproject.toml's dependencies"


def test_the_html_cleaner_trafilatura_imports_is_declared_and_installed() -> None:
    assert "lxml-html-clean" in declared_projects()
    from lxml.html.clean import Cleaner  # lxml 5.2 on: a shim that imports lxml_html_clean, or raises ImportError

    assert Cleaner.__module__.startswith("lxml_html_clean")


def test_the_last_resort_fallback_extracts_the_body_with_trafilatura() -> None:
    post = parse_page(FALLBACK_PAGE.read_bytes(), "https://blog.example/2020/01/01/a-post/").post
    assert post is not None
    assert post.sources["body_text"] == "trafilatura"
    assert post.body_text.startswith("The night train from Vienna leaves just before ten")


def test_the_datasette_plugin_imported_before_datasette_registers_every_hook() -> None:
    """Importing the plugin module first (as a test or a tool may) must not register it half-imported."""
    script = """
import crawler.web.datasette_plugin as plugin
from datasette.plugins import pm
hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
declared = sorted(name for name, value in vars(plugin).items() if hasattr(value, "datasette_impl"))
print(hooks == declared and len(hooks) > 0, hooks, declared)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("True "), run.stdout
