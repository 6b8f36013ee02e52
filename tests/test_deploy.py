"""deploy/: each file checked by its own tool where the tool is installed (skipped otherwise).

nginx -t on the site file (with a throw-away certificate), systemd-analyze verify on the units, PgBouncer
and Redis started with their files and answering, the standby script's syntax. The suite never needs these
tools; CI on a machine that has them checks the files for real.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
DEPLOY = PROJECT / "deploy"


def _tool(name: str) -> str:
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)), None)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "integra.example.org")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_nginx_sets_the_proxy_header_the_app_trusts_and_passes_nginx_t(tmp_path):
    site = (DEPLOY / "nginx" / "integra.conf").read_text()
    # The app believes X-Forwarded-For from this proxy (INTEGRA_TRUSTED_PROXIES=127.0.0.1 in the example env):
    # nginx must replace the header with the peer it sees, never pass on what a client wrote.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "$proxy_add_x_forwarded_for" not in site
    assert "INTEGRA_TRUSTED_PROXIES=127.0.0.1" in (DEPLOY / "integra.env.example").read_text()
    nginx = _tool("nginx")
    cert, key = _self_signed(tmp_path)
    site = site.replace("/etc/ssl/integra/fullchain.pem", str(cert)).replace("/etc/ssl/integra/privkey.pem", str(key))
    (tmp_path / "integra.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/integra.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("unit", ["integra-web.service", "integra-worker.service"])
def test_systemd_units_pass_systemd_analyze_verify(tmp_path, unit):
    analyze = _tool("systemd-analyze")
    text = (DEPLOY / "systemd" / unit).read_text()
    # The units name /srv/integra; verify them against this checkout (the binaries must exist).
    text = text.replace("/srv/integra/.venv/bin", str(Path(sys.executable).parent)).replace(
        "/srv/integra", str(PROJECT)
    )
    env = tmp_path / "integra.env"
    env.write_text((DEPLOY / "integra.env.example").read_text())
    (tmp_path / unit).write_text(text.replace("/etc/integra/integra.env", str(env)))
    result = subprocess.run([analyze, "verify", str(tmp_path / unit)], capture_output=True, text=True, timeout=120)
    # verify exits 0 on unknown keys and bad values but names the file and line: any such line is a failure.
    problems = [line for line in result.stderr.splitlines() if str(tmp_path / unit) in line or "not executable" in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_pgbouncer_starts_with_the_file_in_transaction_mode_and_passes_queries():
    pgbouncer = _tool("pgbouncer")
    psql = _tool("psql")
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], timeout=10).returncode:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode:
        pytest.skip("PgBouncer does not run as root and there is no postgres user to switch to")
    ini = (DEPLOY / "pgbouncer" / "pgbouncer.ini").read_text()
    assert re.search(r"^pool_mode = transaction$", ini, re.M)
    port = _free_port()
    # Not pytest's tmp_path: PgBouncer switches to the postgres user, who cannot enter root's pytest directories.
    tmp_path = Path(tempfile.mkdtemp(prefix="integra-pgbouncer-"))
    (tmp_path / "userlist.txt").write_text('"postgres" ""\n')
    ini = (
        ini.replace("dbname=integra", "dbname=postgres")
        .replace("listen_port = 6432", f"listen_port = {port}")
        .replace("unix_socket_dir = /var/run/postgresql", "unix_socket_dir =")
        .replace("auth_type = scram-sha-256", "auth_type = trust")
        .replace("/etc/pgbouncer/userlist.txt", str(tmp_path / "userlist.txt"))
        .replace("/var/log/postgresql/pgbouncer.log", str(tmp_path / "pgbouncer.log"))
        .replace("/var/run/postgresql/pgbouncer.pid", str(tmp_path / "pgbouncer.pid"))
    )
    (tmp_path / "pgbouncer.ini").write_text(ini)
    argv = [pgbouncer, str(tmp_path / "pgbouncer.ini")]
    if os.geteuid() == 0:
        for path in (tmp_path, *tmp_path.iterdir()):
            shutil.chown(path, "postgres")
        argv[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, result = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            result = subprocess.run(
                [psql, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "integra", "-Atc", "SELECT 6 * 7"],
                capture_output=True,
                text=True,
                timeout=30,
            )
            if result.returncode == 0 or process.poll() is not None:
                break
            time.sleep(0.3)
        assert result is not None and result.stdout.strip() == "42", result.stderr if result else ""
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_redis_starts_with_the_file_and_never_evicts_jobs(tmp_path):
    server, cli = _tool("redis-server"), _tool("redis-cli")
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            str(DEPLOY / "redis" / "integra.conf"),
            "--port",
            str(port),
            "--dir",
            str(tmp_path),
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, answer = time.monotonic() + 20, ""
        while time.monotonic() < deadline and answer != "noeviction":
            reply = subprocess.run(
                [cli, "-p", str(port), "CONFIG", "GET", "maxmemory-policy"], capture_output=True, text=True, timeout=10
            )
            answer = reply.stdout.split()[-1] if reply.returncode == 0 and reply.stdout.split() else ""
            time.sleep(0.2)
        assert answer == "noeviction"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_standby_script_is_valid_bash():
    result = subprocess.run(
        ["bash", "-n", str(DEPLOY / "postgresql" / "make-standby.sh")], capture_output=True, text=True, timeout=10
    )
    assert result.returncode == 0, result.stderr
