"""Two-step sign-in is required of superusers in production, never in the embedded mode."""

import pytest

from alongside.core.tests.test_settings import run_with

PRINT_REQUIREMENT = """
import django
django.setup()
from django.conf import settings
print(settings.REQUIRE_2FA_FOR_SUPERUSERS)
"""


@pytest.mark.parametrize(
    "env, required",
    [
        ({"DEBUG": "true"}, "False"),  # make run
        ({"DEBUG": "false", "SECRET_KEY": "a-long-random-test-value-0123456789"}, "True"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 40, "REQUIRE_2FA_FOR_SUPERUSERS": "0"}, "False"),
    ],
)
def test_required_for_superusers_when_debug_is_off(tmp_path, env, required):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = run_with(env | database, PRINT_REQUIREMENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == required
