"""The main navigation marks the section the page shown belongs to, whichever area answers it."""
import re

import pytest

from tests import factories


def current(html: str) -> list[str]:
    nav = html[html.index('<ul class="nav-links">'):html.index("</ul>", html.index('<ul class="nav-links">'))]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


@pytest.mark.parametrize("role, url, marked", [
    ("learner", "/courses", ["Courses"]),
    ("learner", "/courses/{slug}", ["Courses"]),  # the learning area answers it; it is the catalog's page
    ("learner", "/my", ["My learning"]),
    ("author", "/author/", ["Author"]),
    ("author", "/author/scoring", ["Author"]),  # the scoring area's editor, among the author pages
    ("sales", "/sales/leads", ["Leads"]),
    ("admin", "/admin/users", ["Admin"]),
    ("admin", "/admin/orders", ["Admin"]),
    ("learner", "/account", []),
])
def test_the_section_of_the_page_is_marked(browser, login_as, db, scoring_model, role, url, marked):
    course = factories.course()
    login_as(role)
    response = browser.get(url.format(slug=course.slug))
    assert response.status_code == 200, url
    assert current(response.get_data(as_text=True)) == marked
