"""The one settings object: read from GUIDE_ variables, and a value that does not fit is named."""

import pytest

from guide_assistant.cli import main
from guide_assistant.errors import SettingsError
from guide_assistant.settings import Settings


def test_a_variable_is_read_into_its_setting(monkeypatch):
    monkeypatch.setenv("GUIDE_OWN_CHANGE_COVERAGE", "0.25")
    assert Settings.read().own_change_coverage == 0.25


@pytest.mark.parametrize("name, value, says", [
    ("GUIDE_OWN_CHANGE_COVERAGE", "2", "less than or equal to 1"),
    ("GUIDE_VAGUE_ASK_WORDS", "0", "greater than or equal to 1"),
    ("GUIDE_PORT", "eighty", "valid integer"),
    ("GUIDE_VIEW_WEIGHTS", "unit=0.5", "not valid JSON"),
])
def test_a_value_that_does_not_fit_names_its_variable(monkeypatch, name, value, says):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        Settings.read()
    assert str(raised.value).startswith(f"{name}: ") and says in str(raised.value)
    assert "unset it" in str(raised.value)


def test_the_command_line_prints_it_as_one_line(monkeypatch, capsys):
    monkeypatch.setenv("GUIDE_IN_SCOPE_BAR", "high")
    assert main(["ask", "How do we make the change last?"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: GUIDE_IN_SCOPE_BAR: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
