"""Every URL Primer answers, and how, is part of its contract (DESIGN.md): this list changes only
when an issue says so. Regenerate it on purpose with `python tests/test_url_map.py > tests/url_map.txt`."""
from pathlib import Path

from app import create_app

EXPECTED = Path(__file__).with_name("url_map.txt")


def url_map_lines() -> list[str]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return sorted(f"{rule.rule} {','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))}"
                  for rule in app.url_map.iter_rules())


def test_the_url_map_is_unchanged():
    assert url_map_lines() == EXPECTED.read_text().splitlines()


if __name__ == "__main__":
    print("\n".join(url_map_lines()))
