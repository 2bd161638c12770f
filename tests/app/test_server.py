"""`guide-assistant serve` refuses at once, naming our own settings, when it could not listen."""

import socket

import pytest

from app import server
from app.server import check_address
from guide_assistant.cli import main
from guide_assistant.errors import SettingsError


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_a_port_in_use_is_named_with_the_setting_to_change(busy_port, capsys, monkeypatch):
    with pytest.raises(SettingsError, match=f"127.0.0.1:{busy_port}.*--port or GUIDE_PORT"):
        check_address("127.0.0.1", busy_port)

    def no_model(_settings):
        raise AssertionError("the model was loaded before the address was checked")

    monkeypatch.setattr(server, "question_embedder", no_model)
    assert main(["serve", "--port", str(busy_port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot serve on") and "Traceback" not in err


def test_an_address_not_of_this_machine_is_named_with_the_host_setting():
    with pytest.raises(SettingsError, match="--host or GUIDE_HOST"):
        check_address("nowhere.invalid", 7860)
    with pytest.raises(SettingsError, match="--host or GUIDE_HOST"):
        check_address("192.0.2.1", 7860)  # a documentation address: not this machine's


def test_a_free_port_passes():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    check_address("127.0.0.1", free)


def test_a_malformed_login_setting_is_named_before_the_model_loads(monkeypatch, capsys):
    def no_model(_settings):
        raise AssertionError("the model was loaded before the settings were checked")

    monkeypatch.setattr(server, "question_embedder", no_model)
    monkeypatch.setenv("GUIDE_AUTH", "leader-without-a-password")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    assert main(["serve", "--port", str(free)]) == 2
    assert "GUIDE_AUTH must be 'user:password'" in capsys.readouterr().err
