from app.accounts.models import Role
from tests import factories


def test_admin_lists_accounts_and_searches(browser, login_as, db):
    login_as("admin")
    factories.user(email="lena@initech.example", company="Initech")
    factories.user(email="bob@example.com")
    page = browser.get("/admin/users").get_data(as_text=True)
    assert "lena@initech.example" in page and "bob@example.com" in page
    page = browser.get("/admin/users?q=initech").get_data(as_text=True)
    assert "lena@initech.example" in page and "bob@example.com" not in page
    page = browser.get("/admin/users?role=admin").get_data(as_text=True)
    assert "bob@example.com" not in page


def test_admin_changes_a_role(browser, login_as, db):
    login_as("admin")
    person = factories.user()
    response = browser.submit("/admin/users", {"role": "author"}, action=f"/admin/users/{person.id}/role")
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.role is Role.AUTHOR


def test_role_change_refuses_unknown_roles(browser, login_as, db):
    login_as("admin")
    person = factories.user()
    browser.submit("/admin/users", {"role": "emperor"}, action=f"/admin/users/{person.id}/role")
    db.session.refresh(person)
    assert person.role is Role.LEARNER


def test_admin_cannot_demote_themself(browser, login_as, db):
    admin = login_as("admin")
    response = browser.submit("/admin/users", {"role": "learner"}, action=f"/admin/users/{admin.id}/role",
                              follow_redirects=True)
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role is Role.ADMIN


def test_a_learner_cannot_change_roles(browser, login_as, db):
    learner = login_as("learner")
    response = browser.submit("/", {"role": "admin"}, action=f"/admin/users/{learner.id}/role")
    assert response.status_code == 403
    db.session.refresh(learner)
    assert learner.role is Role.LEARNER


def test_navigation_changes_with_the_role(browser, login_as, db):
    login_as("learner")
    assert "/admin/users" not in browser.get("/").get_data(as_text=True)
    browser.post("/logout")
    login_as("admin")
    assert "/admin/users" in browser.get("/").get_data(as_text=True)
