"""The lists of orders (My learning's purchases, the admins' orders page) cost the same few
statements however many orders they show."""
import pytest

from app.billing.models import Order, OrderStatus
from tests import factories
from tests.querycount import counting


def _orders(db, user, n):
    for _ in range(n):
        course = factories.course(price=4900, modules=1, lessons_per_module=1, quiz=False)
        db.session.add(Order(user_id=user.id, course_id=course.id, amount=4900, currency="usd",
                             status=OrderStatus.OPEN))
    db.session.commit()


@pytest.mark.parametrize("url,role", [("/my", "learner"), ("/admin/orders", "admin")])
def test_an_order_list_costs_the_same_for_one_order_and_many(browser, login_as, db, url, role):
    user = login_as(role)
    statements = []
    for n in (1, 5):
        _orders(db, user, n)
        with counting(db.engine) as seen:
            page = browser.get(url)
        assert page.status_code == 200
        statements.append(len(seen))
    assert statements[0] == statements[1]
