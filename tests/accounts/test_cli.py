from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.passwords import verify_password


def test_users_create_reads_a_piped_password(app, db):
    result = app.test_cli_runner().invoke(args=["users", "create", "Ops@Example.com", "--role", "sales"],
                                          input="a sturdy passphrase\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "ops@example.com" and user.role is Role.SALES
    assert verify_password(user.password_hash, "a sturdy passphrase")


def test_users_create_refuses_a_weak_password_and_saves_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["users", "create", "ops@example.com"], input="password\n")
    assert result.exit_code != 0
    assert "too common" in result.output
    assert db.session.scalar(select(User)) is None


def test_users_create_refuses_an_unknown_role(app, db):
    result = app.test_cli_runner().invoke(args=["users", "create", "ops@example.com", "--role", "king"],
                                          input="a sturdy passphrase\n")
    assert result.exit_code == 2 and "king" in result.output


def test_demo_seed_creates_one_staff_account_per_role_and_prints_passwords_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    staff = db.session.scalars(select(User).where(User.role != Role.LEARNER)).all()
    assert {u.role for u in staff} == {Role.ADMIN, Role.AUTHOR, Role.SALES}
    for user in staff:
        line = next(line for line in first.output.splitlines() if user.email in line)
        password = line.split()[-1]
        assert verify_password(user.password_hash, password)

    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0
    assert "already exist" in second.output
    assert all(u.email not in second.output.split("already exist")[0] for u in staff)


def test_users_create_refuses_unsafe_names_and_saves_nothing(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "ops@example.com", "--first-name", "Ev\u202eil"], input="a sturdy passphrase\n")
    assert result.exit_code != 0
    assert "First name must not contain NUL or bidirectional control characters" in result.output
    assert db.session.scalar(select(User)) is None
