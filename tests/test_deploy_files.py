"""deploy/: the compose file and Dockerfile describe the class topology the topology test
runs as processes. Docker cannot run on the development machine, so this checks what can be
checked without it: the files parse, every service has a health check, data lives in
volumes, the proxy is sticky, and no secret is committed."""

from __future__ import annotations

from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_compose_describes_the_class_topology() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "chroma", "app-1", "app-2", "proxy"} <= set(services)
    for name in ("db", "chroma", "app-1", "app-2"):
        assert "healthcheck" in services[name], name
    assert {"db-data", "chroma-data", "app-data"} <= set(compose["volumes"])
    app = services["app-1"]
    assert app["environment"]["TUTOR_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert app["environment"]["TUTOR_CHROMA_URL"] == "http://chroma:8000"
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "${POSTGRES_PASSWORD:?" in (DEPLOY / "compose.yaml").read_text()  # never a default password


def test_the_proxy_keeps_each_learner_on_one_app_process() -> None:
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "lb_policy cookie" in caddy and "app-1:8501 app-2:8501" in caddy


def test_the_image_runs_unprivileged_and_offline() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "USER tutor" in dockerfile and "HF_HUB_OFFLINE=1" in dockerfile and "HEALTHCHECK" in dockerfile
    ignored = (DEPLOY.parent / ".gitignore").read_text().split()
    assert "deploy/.env" in ignored and "deploy/secrets.toml" in ignored  # secrets stay out of git
