"""The project's wheel, built from a copy of its sources, and commands run without this checkout on their path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "crawler", "parsers")


def run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command without this checkout on PYTHONPATH; fail with its output."""
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}: {done.stderr}"
    return done


def copy_sources(target: Path) -> Path:
    """What the wheel is built from, copied, so that the build leaves nothing in the checkout."""
    target.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, target / name)
    return target


def build_wheel(directory: Path) -> Path:
    """Build the project's wheel (no dependencies) from a copy of its sources in `directory`; return the wheel."""
    source = copy_sources(directory / "source")
    wheels = directory / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels, source], directory)
    (wheel,) = wheels.glob("blog_archive-*.whl")
    return wheel
