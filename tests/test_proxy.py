"""The shipped nginx configuration (deploy/nginx/hotline.conf), for real, in front of gunicorn
serving the real app on loopback: it reads slow bodies itself, limits bodies by path, and forwards
the host."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_serving import ROOT, Tricklers, answer_times, free_port, get, gunicorn

SHIPPED = ROOT / "deploy" / "nginx" / "hotline.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
    None,
)
pytestmark = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed (apt-get install nginx-light): deploy/nginx/hotline.conf is "
    "tested only in front of a real nginx",
)

# The bounds: this many slow clients behind the proxy, each text answered within 1 s.
SLOW_CLIENTS_BEHIND_PROXY = 200


def render(folder: Path, port: int, upstream_port: int) -> Path:
    """The shipped server block as a test may run it (a free loopback port, the test's gunicorn,
    logs in `folder`), included from a main configuration any user can run (`nginx -p -c`)."""
    shipped = SHIPPED.read_text()
    for wanted in ("listen 80;", "server 127.0.0.1:8000;", "/var/log/nginx/"):
        assert shipped.count(wanted) == 1, f"{SHIPPED} no longer has {wanted!r} once"
    server = (
        shipped.replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
        .replace("/var/log/nginx/", f"{folder}/")
    )
    (folder / "hotline.conf").write_text(server)
    built = subprocess.run([str(NGINX), "-V"], capture_output=True, text=True).stderr
    temporary = "\n".join(
        f"    {kind}_temp_path {folder}/{kind}_temp;"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        if f"--without-http_{kind}_module" not in built
    )
    # As root (CI), nginx would hand its workers to "nobody", who cannot reach the test's folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log info;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{temporary}\n"
        f"    access_log {folder}/access.log;\n"
        f"    include {folder}/hotline.conf;\n"
        "}\n"
    )
    return main


@contextlib.contextmanager
def nginx(folder: Path, upstream_port: int) -> Iterator[str]:
    """nginx with the shipped configuration in front of gunicorn; stopped on the way out, whatever
    happened."""
    folder.mkdir()
    port = free_port()
    main = render(folder, port, upstream_port)
    command = [str(NGINX), "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    with (folder / "nginx.out").open("w") as output:
        # A session of its own: should nginx not stop, its master and worker are killed together.
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to about 10 s to listen; a bound, not a benchmark
            with contextlib.suppress(OSError):
                if get(base + "/healthz")[0] == 200:
                    break
            if server.poll() is not None:
                pytest.fail("nginx exited:\n" + (folder / "error.log").read_text())
            time.sleep(0.1)
        else:
            pytest.fail("nginx never answered /healthz:\n" + (folder / "error.log").read_text())
        yield base
    finally:
        server.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture
def proxied(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app behind the shipped proxy, as README's "Running it for real" runs it; no
    HOTLINE_PUBLIC_URL, so a signature checks only if the proxy forwards the host Twilio called."""
    with (
        gunicorn(database_url, tmp_path, HOTLINE_TRUSTED_PROXIES="1") as (upstream, log),
        nginx(tmp_path / "nginx", int(upstream.rsplit(":", 1)[1])) as base,
    ):
        yield base, log


def test_texts_are_answered_within_1_s_while_200_clients_trickle_their_bodies_to_the_proxy(
    proxied: tuple[str, Path],
) -> None:
    base, gunicorn_log = proxied
    port = int(base.rsplit(":", 1)[1])
    with Tricklers(port, SLOW_CLIENTS_BEHIND_PROXY) as slow:
        time.sleep(1.5)  # every slow body is in nginx's hands now
        times = answer_times(base, 5)  # signed for the proxy's URL
        print(f"\n{SLOW_CLIENTS_BEHIND_PROXY} slow clients behind nginx: texts answered in "
              + ", ".join(f"{t:.3f}" for t in times) + " s (bound: 1 s each)")  # fmt: skip
        # The slow clients were still holding their connections the whole time.
        assert slow.unanswered() == SLOW_CLIENTS_BEHIND_PROXY
    assert all(t < 1.0 for t in times), times
    # gunicorn saw the texts and nothing of the slow requests.
    assert logged(gunicorn_log, '"POST /sms"', len(times)).count('"POST /sms"') == len(times)


def logged(log: Path, line: str, times: int) -> str:
    """The log once it has `line` `times` times (gunicorn writes a request's line just after it
    answers), or after 5 s."""
    for _ in range(50):
        text = log.read_text()
        if text.count(line) >= times:
            break
        time.sleep(0.1)
    return text


def post_bytes(url: str, size: int) -> int:
    request = urllib.request.Request(
        url, data=b"a" * size, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_proxy_limits_bodies_by_path_before_gunicorn_sees_them(
    proxied: tuple[str, Path],
) -> None:
    base, gunicorn_log = proxied
    assert post_bytes(base + "/sms", 100 * 1024) == 413
    assert post_bytes(base + "/admin/referrals/import", 4 * 1024 * 1024) == 413
    assert post_bytes(base + "/admin/users", 100 * 1024) == 413
    seen = gunicorn_log.read_text()
    assert '"POST /sms"' not in seen and '"POST /admin' not in seen  # refused by nginx
    # A CSV import the app takes gets through (to the app's own answer: not signed in).
    assert post_bytes(base + "/admin/referrals/import", 2 * 1024 * 1024) != 413
    assert '"POST /admin/referrals/import"' in logged(gunicorn_log, '"POST /admin', 1)
