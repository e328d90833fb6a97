"""Numbers in URLs past what the database holds: a 404 or a clamped page, never a 500."""
import pytest

from tests import factories

HUGE = "99999999999999999999"  # 20 digits: past a 64-bit integer


@pytest.mark.parametrize("role,method,url", [
    ("learner", "GET", f"/billing/cancel/{HUGE}"),
    ("learner", "GET", f"/learn/{{slug}}/quiz/{HUGE}"),
    ("sales", "GET", f"/sales/leads/{HUGE}"),
    ("admin", "POST", f"/admin/users/{HUGE}/role"),
    ("author", "GET", f"/author/courses/{{slug}}/modules/{HUGE}"),
    ("author", "GET", f"/author/courses/{{slug}}/lessons/{HUGE}"),
    ("author", "GET", f"/author/courses/{{slug}}/questions/{HUGE}"),
    ("author", "GET", f"/author/courses/{{slug}}/preview/quiz/{HUGE}"),
    ("learner", "GET", f"/billing/cancel/{'9' * 40}"),
])
def test_an_id_past_64_bits_is_not_found(app, client, login_as, db, role, method, url):
    course = factories.course()
    login_as(role)
    response = client.open(url.format(slug=course.slug), method=method)
    assert response.status_code == 404


@pytest.mark.parametrize("role,url", [("sales", "/sales/leads"), ("admin", "/admin/users"), ("admin", "/admin/orders")])
@pytest.mark.parametrize("page", [HUGE, "9" * 40, str(2**62)])
def test_a_page_past_any_list_is_an_empty_page(app, client, login_as, db, role, url, page):
    login_as(role)
    assert client.get(f"{url}?page={page}").status_code == 200
