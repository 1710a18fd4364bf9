"""The layout of ``service/safetynet/`` keeps the rules that docs/architecture.md states (section "The packages
and what each may import"): every package is named there, few modules sit at the top, no module imports
another's private name, each third-party engine stays in its one place, and lower packages import no higher
one. A package not listed below (a new one) is free until it is given its line."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "service" / "safetynet"
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
HIGHER = {"planning", "referrals", "store", "runtime", "api", "web", "cli"}
#: package -> the safetynet packages it must not import
MUST_NOT_IMPORT: dict[str, set[str]] = {
    "errors": {"*"},
    "settings": {"*"},
    "places": {"settings", "auth", "contract", "datafiles", "rules", "network", *HIGHER},
    "contract": {"auth", "rules", "network", *HIGHER},
    "datafiles": {"auth", "rules", "network", *HIGHER},
    "auth": {"rules", "network", *HIGHER},
    "rules": {"auth", "network", *HIGHER},
    "network": {"auth", "rules", *HIGHER},
    "planning": {"referrals", "store", "runtime", "api", "web", "cli"},
    "referrals": {"rules", "network", "planning", "store", "runtime", "api", "web", "cli"},
    "store": {"rules", "network", "planning", "runtime", "api", "web", "cli"},
    "runtime": {"api", "web", "cli"},
    "api": {"web", "cli"},
    "web": {"api", "cli"},
}
#: (importing package, imported module) allowed for now
EXCEPTIONS: set[tuple[str, str]] = set()
#: The web pages (web/) use the API's runtime dependency, its one table of statuses, its rate limits and its count of
#: failed authentications (the sign-in form counts there too); the API
#: mounts the pages in create_app (api/app.py), and no other module of api/ imports from web/.
WEB_MAY_IMPORT_FROM_API = {
    "safetynet.api.deps", "safetynet.api.errors", "safetynet.api.ratelimit", "safetynet.api.authfailures"
}  # fmt: skip
API_MAY_IMPORT_FROM_WEB = {("api/app.py", "safetynet.web.mount")}
#: third-party module -> where it may be imported (a file, or a folder with its files)
ENGINES = {
    "durable": ("rules/engine.py",),
    "durable_rules_engine": ("rules/engine.py",),
    "networkx": ("network/graph.py",),
    "sqlalchemy": ("store/",),
    "alembic": ("store/",),
    "geothai": ("places/gazetteer.py",),
    "fastapi": ("api/", "web/"),
    "uvicorn": ("api/",),
    "httptools": ("api/",),
    "starlette": ("api/", "web/"),
    "jinja2": ("web/",),
    "typer": ("cli/",),
    "yaml": ("datafiles/",),
    "gc": ("runtime/gcpolicy.py",),
}


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imports(tree: ast.Module, *, relative: bool = False) -> Iterator[tuple[str, list[str]]]:
    """(module, names imported from it) for every import of the file, at any depth; ``relative``: the relative ones
    too, their module written with its leading dots (``..test_docs_rule_messages``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and relative and node.level > 0:
            yield "." * node.level + (node.module or ""), [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def package_of(relative: str) -> str:
    return relative.split("/", maxsplit=1)[0].removesuffix(".py")


def test_every_package_is_named_in_docs_architecture_md() -> None:
    packages = sorted({p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")} - {"."})
    assert len(packages) >= 9
    missing = [package for package in packages if f"`{package}/`" not in ARCHITECTURE]
    assert missing == [], "name these packages in docs/architecture.md (as `name/`): " + ", ".join(missing)


def test_at_most_six_modules_sit_directly_in_the_package() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 6, top


@pytest.mark.parametrize("folder", ["service", "tests", "benchmarks"])
def test_no_module_imports_a_private_name_of_another(folder: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}: from {module} import {name}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for module, names in imports(ast.parse(path.read_text(encoding="utf-8")), relative=True)
        if module.startswith(("safetynet", "tests", "."))
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert found == []


def test_each_engine_is_imported_in_its_one_place() -> None:
    strays = [
        f"{relative} imports {module}"
        for relative, tree in modules()
        for module, _ in imports(tree)
        if (places := ENGINES.get(module.split(".")[0])) is not None
        and not any(relative == p or (p.endswith("/") and relative.startswith(p)) for p in places)
    ]
    assert strays == []


def test_only_the_runtime_builder_enters_the_garbage_collector_policy() -> None:
    users = [relative for relative, tree in modules() for module, _ in imports(tree) if module.endswith("gcpolicy")]
    assert users == ["runtime/build.py"]


def test_lower_packages_import_no_higher_one() -> None:
    wrong = []
    for relative, tree in modules():
        package = package_of(relative)
        forbidden = MUST_NOT_IMPORT.get(package, set())
        for module, _ in imports(tree):
            if not module.startswith("safetynet.") or (package, module) in EXCEPTIONS:
                continue
            allowed = (package == "web" and module in WEB_MAY_IMPORT_FROM_API) or (
                (relative, module) in API_MAY_IMPORT_FROM_WEB
            )
            if allowed:
                continue
            target = module.split(".")[1]
            if target != package and ("*" in forbidden or target in forbidden):
                wrong.append(f"{relative} imports {module}")
    assert wrong == []


def test_the_web_pages_and_the_api_meet_in_few_places() -> None:
    """web/ reads the API's runtime dependency, status table and rate limits (no second implementation of either);
    api/ mounts web/ in create_app only."""
    wrong = []
    for relative, tree in modules():
        for module, _ in imports(tree):
            web_to_api = package_of(relative) == "web" and module.startswith("safetynet.api")
            api_to_web = package_of(relative) == "api" and module.startswith("safetynet.web")
            if (web_to_api and module not in WEB_MAY_IMPORT_FROM_API) or (
                api_to_web and (relative, module) not in API_MAY_IMPORT_FROM_WEB
            ):
                wrong.append(f"{relative} imports {module}")
    assert wrong == []
