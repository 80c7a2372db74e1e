"""Processes of a class deployment, started on 127.0.0.1 for tests: the app in class mode,
a mock OIDC provider, a Chroma server. Each returns its URL; stop them with servers.stop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from servers import free_port, streamlit_command, wait_until_ready

ROOT = Path(__file__).resolve().parent.parent


def class_env(data_dir: Path, **tutor: str) -> dict[str, str]:
    """The environment of a tutor process: no TUTOR_* from outside, these settings added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env.update(PYTHONUNBUFFERED="1", TUTOR_DATA_DIR=str(data_dir))
    env.update({f"TUTOR_{k.upper()}": v for k, v in tutor.items()})
    return env


def tutor_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tutor.cli", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"tutor {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result.stdout


def start_app(
    env: dict[str, str], log_path: Path, secrets: Path | None = None, port: int | None = None
) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    extra = ["--secrets.files", str(secrets)] if secrets is not None else []
    cmd = streamlit_command(str(ROOT / "app.py"), port, extra)
    log = log_path.open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{url}/_stcore/health", log_path, 120, ready=b"ok")
    return proc, url


def start_oidc_provider(log_path: Path, *users: str) -> tuple[subprocess.Popen, str]:
    """oidc-provider-mock (PyPI) on 127.0.0.1; ``users`` are JSON claims (with "sub")."""
    port = free_port()
    cmd = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for claims in users:
        cmd += ["--user-claims", claims]
    log = log_path.open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{url}/.well-known/openid-configuration", log_path, 60)
    return proc, url


def oidc_secrets(path: Path, app_port: int, provider_url: str) -> Path:
    """A secrets.toml with Streamlit's documented [auth] section for one provider."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-0123456789abcdef0123456789"\n'
        'client_id = "tutor-test"\n'
        'client_secret = "tutor-test-secret"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
    )
    return path


def start_chroma(path: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    cmd = [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    log = log_path.open("w")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{url}/api/v2/heartbeat", log_path, 120)
    return proc, url
