"""Models and migrations agree, on the database under test."""


def test_models_match_migrations(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "No new upgrade operations detected" in result.output


def test_migrations_are_at_head(app):
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0
    assert "(head)" in result.output
