"""The files in deploy/ render into units systemd accepts and an nginx site nginx accepts
(test_deploy_check.py runs `check --deploy` with deploy/env.example)."""

import shutil
import subprocess

import pytest
from django.conf import settings

from deploy.render import (
    TEMPLATES,
    loopback_nginx_conf,
    loopback_values,
    render,
    render_all,
    site_values,
    unit_command,
)

# The machine's own paths: systemd-analyze checks that the programs exist.
THIS_MACHINE = {
    "APP_DIR": str(settings.BASE_DIR),
    "VENV": str(settings.BASE_DIR / ".venv"),
    "USER": "root",
}


def test_every_template_renders_with_the_production_values():
    for name in TEMPLATES:
        assert "${" not in render(name, site_values())


def test_a_value_left_out_is_an_error_not_an_empty_string():
    values = site_values()
    del values["TLS_CERTIFICATE"]
    with pytest.raises(KeyError, match="TLS_CERTIFICATE"):
        render("nginx.conf", values)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is missing")
def test_systemd_accepts_the_rendered_units(tmp_path):
    render_all(tmp_path, site_values(THIS_MACHINE))
    run = subprocess.run(
        [
            *("systemd-analyze", "verify", "alongside-web@8201.service"),
            *("alongside-worker@1.service", "alongside-periodic.service"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def test_a_unit_that_names_a_missing_program_is_refused(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is missing")
    render_all(tmp_path, site_values(THIS_MACHINE | {"VENV": "/nonexistent"}))
    run = subprocess.run(
        ["systemd-analyze", "verify", "alongside-web@8201.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "/nonexistent/bin/gunicorn" in run.stderr


def test_the_cluster_runs_what_the_unit_says():
    unit = render("alongside-web@.service", site_values(THIS_MACHINE))
    argv, environment, directory = unit_command(unit, "8202")
    assert argv[:3] == [f"{settings.BASE_DIR}/.venv/bin/gunicorn", "alongside.wsgi", "--bind"]
    assert argv[3] == "127.0.0.1:8202"
    assert environment == {"ENV_FILE": "/srv/alongside/.env"}
    assert directory == str(settings.BASE_DIR)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is missing")
def test_nginx_accepts_the_rendered_site(tmp_path):
    values = loopback_values(
        tmp_path, http_port=8298, https_port=8299, app_ports=[8296, 8297], media_root=tmp_path
    )
    site = render("nginx.conf", values)
    assert "server 127.0.0.1:8296" in site and "server 127.0.0.1:8297" in site
    main = loopback_nginx_conf(tmp_path, site)
    run = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(main)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
