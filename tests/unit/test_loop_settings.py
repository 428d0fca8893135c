"""UPDATE_HOOKS and HEARTBEAT_URLS: several hosts, methods and headers in
one setting (or a file: a Docker secret), refusals that name the host but
never echo a URL or a header, hooks refused with sign-in off unless asked."""

import pytest

from diundash.config import ConfigError, Settings

SIGN_IN = {"AUTH_PASSWORD": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}
TOKEN = "s3cret-token-value"


def test_several_hosts_each_with_a_method_and_headers():
    env = {
        **SIGN_IN,
        "UPDATE_HOOKS": "nas=https://nas:8080/v1/update?image={image} | Authorization: Bearer "
        f"{TOKEN} | X-Extra: 1; web-1=PUT http://web-1:9000/hooks/{{host}}",
    }

    hooks = Settings.from_env(env).hooks

    nas, web = hooks.hook_for("nas"), hooks.hook_for("web-1")
    assert nas is not None
    assert web is not None
    assert (nas.method, nas.url) == ("POST", "https://nas:8080/v1/update?image={image}")
    assert nas.headers == (("Authorization", f"Bearer {TOKEN}"), ("X-Extra", "1"))
    assert (web.method, web.url, web.headers) == ("PUT", "http://web-1:9000/hooks/{host}", ())
    assert hooks.hook_for("db") is None


def test_hooks_come_from_a_file_one_a_line_with_comments(tmp_path):
    secret = tmp_path / "hooks"
    secret.write_text(
        f"# the NAS\nnas=https://nas:8080/update | Authorization: Bearer {TOKEN}\n\nweb-1=http://w\n"
    )

    hooks = Settings.from_env({**SIGN_IN, "UPDATE_HOOKS_FILE": str(secret)}).hooks

    assert sorted(hooks.hooks) == ["nas", "web-1"]


def test_hooks_with_sign_in_off_refuse_to_start_unless_asked():
    env = {"UPDATE_HOOKS": "nas=https://nas:8080/update"}

    with pytest.raises(ConfigError, match="UPDATE_HOOKS_WITHOUT_SIGN_IN"):
        Settings.from_env(env)
    assert Settings.from_env({**env, "UPDATE_HOOKS_WITHOUT_SIGN_IN": "true"}).hooks.hooks
    trusted = {"AUTH_TRUSTED_HEADER": "Remote-User", "AUTH_TRUSTED_PROXIES": "10.0.0.5"}
    assert Settings.from_env({**env, **trusted}).hooks.hooks


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"https://nas/update?token={TOKEN}", "must be HOST=URL"),
        (f"nas=ftp://nas/{TOKEN}", "host 'nas'"),
        (f"nas=DELETE https://nas/{TOKEN}", "METHOD one of"),
        (f"nas=https://nas/u | {TOKEN}", "each header"),
        (f"nas=https://nas/u | X-Token: {TOKEN}\x07", "control character"),
        (f"nas=https://nas/{TOKEN}; nas=https://nas/other", "twice"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_host_but_never_the_url_or_a_header(value, message):
    with pytest.raises(ConfigError, match=message) as refused:
        Settings.from_env({**SIGN_IN, "UPDATE_HOOKS": value})

    assert TOKEN not in str(refused.value)


def test_neither_the_settings_nor_a_hook_show_a_url_or_header_in_their_repr():
    env = {**SIGN_IN, "UPDATE_HOOKS": f"nas=https://nas:8443/u?t={TOKEN} | Authorization: {TOKEN}"}
    env["HEARTBEAT_URLS"] = f"nas=http://user:{TOKEN}@nas:9090/metrics"

    settings = Settings.from_env(env)

    assert TOKEN not in repr(settings)
    assert TOKEN not in repr(settings.hooks.hooks)
    assert settings.hooks.hooks["nas"].address == "https://nas:8443"
    assert settings.heartbeat.sources["nas"].address == "http://nas:9090"


def test_heartbeat_settings_have_their_defaults_and_take_get_only():
    settings = Settings.from_env(
        {"HEARTBEAT_URLS": "nas=http://nas:9090/metrics | Authorization: Bearer x"}
    ).heartbeat

    assert settings.every.total_seconds() == 300
    assert settings.silent_after.days == 1
    assert settings.sources["nas"].method == "GET"
    with pytest.raises(ConfigError, match="METHOD one of GET"):
        Settings.from_env({"HEARTBEAT_URLS": "nas=POST http://nas:9090/metrics"})
    changed = Settings.from_env({"HEARTBEAT_EVERY": "90s", "SILENT_AFTER": "2d"}).heartbeat
    assert (changed.every.total_seconds(), changed.silent_after.days) == (90, 2)
    with pytest.raises(ConfigError, match="SILENT_AFTER"):
        Settings.from_env({"SILENT_AFTER": "soon"})
