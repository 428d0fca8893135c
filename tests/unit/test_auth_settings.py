"""The settings sign-in adds: SESSION_SECRET from the environment or from
the file SESSION_SECRET_FILE names (a Docker secret), and METRICS_PUBLIC."""

import os
from datetime import timedelta

import pytest

from diundash.cli import main
from diundash.config import ConfigError, Settings
from diundash.config.access import MIN_SESSION_SECRET_LENGTH

SECRET = "f" * 64


def test_session_secret_comes_from_the_environment():
    assert Settings.from_env({"SESSION_SECRET": SECRET}).session_secret == SECRET


def test_session_secret_comes_from_a_file_without_its_line_end(tmp_path):
    secret_file = tmp_path / "session_secret"
    secret_file.write_text(SECRET + "\n")

    settings = Settings.from_env({"SESSION_SECRET_FILE": str(secret_file)})

    assert settings.session_secret == SECRET


def test_without_either_the_key_in_the_database_is_used():
    assert Settings.from_env({}).session_secret == ""


def test_the_session_secret_is_not_in_the_settings_repr():
    assert SECRET not in repr(Settings.from_env({"SESSION_SECRET": SECRET}))


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SESSION_SECRET": SECRET, "SESSION_SECRET_FILE": "/x"}, "not both"),
        ({"SESSION_SECRET": ""}, f"at least {MIN_SESSION_SECRET_LENGTH} characters"),
        ({"SESSION_SECRET": "  short  "}, "(it holds 5)"),
        ({"SESSION_SECRET_FILE": "/nowhere/session_secret"}, "cannot be read"),
    ],
)
def test_a_session_secret_that_cannot_be_used_is_refused(env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env(env)


def test_an_empty_or_unreadable_secret_file_is_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("\n")
    unreadable = tmp_path / "unreadable"
    unreadable.write_text(SECRET)
    unreadable.chmod(0)

    with pytest.raises(ConfigError, match="must hold at least"):
        Settings.from_env({"SESSION_SECRET_FILE": str(empty)})
    if os.geteuid() != 0:  # root reads any file
        with pytest.raises(ConfigError, match="cannot be read"):
            Settings.from_env({"SESSION_SECRET_FILE": str(unreadable)})
    with pytest.raises(ConfigError, match="cannot be read"):
        Settings.from_env({"SESSION_SECRET_FILE": str(tmp_path)})  # a directory


def test_a_command_started_with_a_bad_secret_says_why(monkeypatch, capsys):
    monkeypatch.setenv("SESSION_SECRET", "short")

    assert main(["openapi"]) == 2

    assert "SESSION_SECRET must hold at least" in capsys.readouterr().err


@pytest.mark.parametrize(("raw", "public"), [("", False), ("true", True), ("off", False)])
def test_metrics_public_is_a_switch(raw, public):
    assert Settings.from_env({"METRICS_PUBLIC": raw}).metrics_public is public


def test_metrics_public_refuses_anything_else():
    with pytest.raises(ConfigError, match="METRICS_PUBLIC must be on or off"):
        Settings.from_env({"METRICS_PUBLIC": "maybe"})


@pytest.mark.parametrize(
    ("raw", "lifetime"),
    [("90s", timedelta(seconds=90)), ("5m", timedelta(minutes=5)), ("2w", timedelta(weeks=2))],
)
def test_durations_take_seconds_to_weeks(raw, lifetime):
    assert Settings.from_env({"SESSION_LIFETIME": raw}).session_lifetime == lifetime


@pytest.mark.parametrize("raw", ["7", "0d", "1y", "1.5h", "d"])
def test_a_duration_without_a_number_and_unit_is_refused(raw):
    with pytest.raises(ConfigError, match=r"SESSION_LIFETIME must be a number and a unit"):
        Settings.from_env({"SESSION_LIFETIME": raw})
