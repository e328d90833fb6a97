"""Shared by scripts/run.py and scripts/test.py: a virtual environment kept in step with the requirements."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("PRIMER_VENV", ROOT / ".venv"))


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _requirements_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        for line in path.read_text().splitlines():
            if line.startswith("-r "):
                digest.update((ROOT / line[3:].strip()).read_bytes())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def compile_translations(python: Path) -> None:
    """Build the translation catalogues (app/translations/*/LC_MESSAGES/*.mo) from their .po files."""
    subprocess.run([str(python), "-c", "from app.core.i18n import compile_catalogues; compile_catalogues()"],
                   cwd=ROOT, check=True)


def ensure(requirements: str) -> Path:
    """Create the venv if needed and install `requirements` when they changed since last time."""
    if sys.version_info < (3, 11):
        sys.exit(f"Primer needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    files = [ROOT / requirements]
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = _requirements_digest(files)
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"Installing {requirements} …", flush=True)
        subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(ROOT / requirements)], check=True)
        stamp.write_text(wanted)
    return venv_python()
