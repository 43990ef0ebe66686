"""How long a family's text waits while staff confirm a 2 MB directory import (SQLite).

    .venv/bin/python bench/import_vs_text.py

Builds a fresh SQLite database with the demo directory, previews and confirms a 2 MB CSV of new
entries through the admin, and meanwhile sends MENU through the signed webhook every 50 ms from
another thread. Prints the import's time and the texts' slowest and median reply, and how many got
the apology. Goal (issue 19): every text answered in under 1 s.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from hotline import create_app
from tests.conftest import app_config, sign

PASSWORD = "a long and unusual passphrase"
TARGET_BYTES = 2 * 1024 * 1024 - 2000


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(app_config(f"sqlite:///{folder / 'bench.sqlite3'}"))
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["users", "create", "admin@example.org", "--role", "admin",
                        "--password-stdin"], input=PASSWORD + "\n")  # fmt: skip
    admin = app.test_client()

    def token(path: str) -> str:
        page = admin.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found is not None
        return found.group(1)

    admin.post("/admin/login", data={"email": "admin@example.org", "password": PASSWORD,
                                     "csrf_token": token("/admin/login")})  # fmt: skip
    export = admin.get("/admin/referrals/export").get_data(as_text=True).lstrip("\ufeff")
    first = next(csv.DictReader(io.StringIO(export)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(first))
    writer.writeheader()
    rows = 0
    while out.tell() < TARGET_BYTES:
        writer.writerow(
            first | {"external_id": f"bulk-{rows}", "organization": f"Demo Bulk {rows}"}
        )
        rows += 1
    data = out.getvalue().encode()
    boundary, body = encode_multipart(
        {
            "csrf_token": token("/admin/referrals/import"),
            "file": FileStorage(io.BytesIO(data), "bulk.csv"),
        }
    )
    started = time.perf_counter()
    preview = admin.post("/admin/referrals/import", data=body,
                         content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    previewed = time.perf_counter() - started
    form = preview.get_data(as_text=True).split("confirm-import")[1]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))

    replies: list[tuple[float, bool]] = []
    stop = threading.Event()

    def texter() -> None:
        phone = app.test_client()
        while not stop.is_set():
            params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32,
                      "From": "+16175550142", "To": "+16175550199", "Body": "MENU",
                      "NumMedia": "0"}  # fmt: skip
            sent = time.perf_counter()
            answer = phone.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params)})
            replies.append((time.perf_counter() - sent, "Sorry" in answer.get_data(as_text=True)))
            time.sleep(0.05)

    thread = threading.Thread(target=texter)
    thread.start()
    time.sleep(0.3)
    started = time.perf_counter()
    confirmed = admin.post("/admin/referrals/import", data=fields)
    imported = time.perf_counter() - started
    time.sleep(0.3)
    stop.set()
    thread.join()
    waits = sorted(wait for wait, _ in replies)
    print(f"import: {rows} rows, {len(data):,} bytes; preview {previewed:.2f} s, "
          f"confirm {imported:.2f} s (status {confirmed.status_code})")  # fmt: skip
    print(f"texts during it: {len(waits)}, slowest {waits[-1]:.2f} s, median {waits[len(waits) // 2]:.3f} s, "
          f"apologies {sum(apology for _, apology in replies)}")  # fmt: skip


if __name__ == "__main__":
    main()
