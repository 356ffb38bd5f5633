"""Modules that other code imports first import on their own, in a fresh interpreter: no
import cycles and no import-time work that needs other areas loaded (e.g. configuring the
mappers, which once broke `from kbb.tickets import services`)."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    f"kbb.{area}.{module}"
    for area, modules in {
        "auth": ("models", "services", "forms", "permissions"),
        "admin": ("services", "forms"),
        "members": ("models", "services", "forms", "permissions"),
        "tickets": ("models", "services", "forms", "rules"),
        "core": ("audit", "notify", "files", "text"),
    }.items()
    for module in modules
]


def _import_alone(module: str) -> tuple[str, int, str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return module, result.returncode, result.stderr[-1500:]


def test_each_module_imports_alone():
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [r for r in pool.map(_import_alone, MODULES) if r[1] != 0]
    assert failures == [], failures
