#!/usr/bin/env python3
"""Keep the language catalogues in step with the code.

    python3 scripts/translations.py update [PART.po ...]

Extracts Primer's own words (babel.cfg) into app/translations/messages.pot, brings each
language's messages.po up to date with it (new words added untranslated, vanished ones dropped),
fills any untranslated entry whose text a PART file translates, and compiles the catalogues.
`python3 scripts/translations.py missing` lists what Czech still lacks (exit 1 if anything).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import ROOT, ensure  # noqa: E402

CATALOGUES = ROOT / "app" / "translations"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2"]


def run(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def update(python: Path, parts: list[str]) -> None:
    pot = CATALOGUES / "messages.pot"
    run(python, "extract", "-F", "babel.cfg", *KEYWORDS, "--no-location", "--sort-output",
        "--project", "Primer", "-o", str(pot), ".")
    for po in sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")):
        run(python, "update", "-i", str(pot), "-o", str(po), "--no-fuzzy-matching", "--ignore-obsolete",
            "-l", po.parts[-3])
        if parts:
            subprocess.run([str(python), "-c", FILL, str(po), *parts], cwd=ROOT, check=True)
    subprocess.run([str(python), "-c", "from app.core.i18n import compile_catalogues; compile_catalogues()"],
                   cwd=ROOT, check=True)


FILL = """
import sys
from babel.messages.pofile import read_po, write_po
target, parts = sys.argv[1], sys.argv[2:]
with open(target, 'rb') as f:
    catalogue = read_po(f)
known = {}
for part in parts:
    with open(part, 'rb') as f:
        for message in read_po(f):
            if message.id and (message.string if isinstance(message.string, str) else all(message.string)):
                known[(message.context, message.id if isinstance(message.id, str) else message.id[0])] = message.string
filled = 0
for message in catalogue:
    key = (message.context, message.id if isinstance(message.id, str) else message.id[0]) if message.id else None
    empty = not (message.string if isinstance(message.string, str) else all(message.string))
    if key and empty and key in known:
        message.string = known[key]
        filled += 1
with open(target, 'wb') as f:
    write_po(f, catalogue, width=100, sort_output=True)
print(f'{target}: {filled} filled from the parts')
"""

MISSING = """
import sys
from babel.messages.pofile import read_po
with open(sys.argv[1], 'rb') as f:
    catalogue = read_po(f)
missing = [m.id for m in catalogue if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]
for m in missing:
    print('untranslated:', m)
print(f'{len(missing)} of {len([m for m in catalogue if m.id])} untranslated')
sys.exit(1 if missing else 0)
"""

if __name__ == "__main__":
    os.chdir(ROOT)
    python = ensure("requirements-dev.txt")
    command, *rest = sys.argv[1:] or ["update"]
    if command == "update":
        update(python, rest)
    elif command == "missing":
        sys.exit(subprocess.run([str(python), "-c", MISSING, str(CATALOGUES / "cs" / "LC_MESSAGES" / "messages.po")],
                                cwd=ROOT).returncode)
    else:
        sys.exit(__doc__)
