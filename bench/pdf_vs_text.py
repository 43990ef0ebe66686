"""How long a family's text waits while staff download 10 flyers at once (one server process).

    .venv/bin/python bench/pdf_vs_text.py

Ten threads ask the admin for ten different flyer PDFs at the same moment (every language and
format is rendered, none cached), while another thread sends MENU through the signed webhook every
50 ms. Prints the downloads' time and the texts' slowest and median reply. Goal (issue 19): every
text answered in under 1 s.
"""

from __future__ import annotations

import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotline import create_app
from hotline.i18n import LANGUAGES
from tests.conftest import app_config, sign

PASSWORD = "a long and unusual passphrase"


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app(app_config(f"sqlite:///{folder / 'bench.sqlite3'}"))
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["settings", "set", "public_number", "+1 617 555 0100"])
    runner.invoke(args=["users", "create", "staff@example.org", "--password-stdin"],
                  input=PASSWORD + "\n")  # fmt: skip
    staff = [app.test_client() for _ in range(10)]
    for client in staff:
        page = client.get("/admin/login").get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found is not None
        client.post("/admin/login", data={"email": "staff@example.org", "password": PASSWORD,
                                          "csrf_token": found.group(1)})  # fmt: skip
    wanted = [(code, kind) for code in LANGUAGES if code != "en" for kind in ("flyer", "card")][:10]
    replies: list[float] = []
    stop = threading.Event()

    def texter() -> None:
        phone = app.test_client()
        while not stop.is_set():
            params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32,
                      "From": "+16175550142", "To": "+16175550199", "Body": "MENU",
                      "NumMedia": "0"}  # fmt: skip
            sent = time.perf_counter()
            phone.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params)})
            replies.append(time.perf_counter() - sent)
            time.sleep(0.05)

    def download(client: object, code: str, kind: str) -> None:
        client.get(f"/admin/outreach/{code}/{kind}.pdf")  # type: ignore[attr-defined]

    text_thread = threading.Thread(target=texter)
    text_thread.start()
    time.sleep(0.3)
    started = time.perf_counter()
    threads = [threading.Thread(target=download, args=(client, code, kind))
               for client, (code, kind) in zip(staff, wanted, strict=True)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    time.sleep(0.3)
    stop.set()
    text_thread.join()
    waits = sorted(replies)
    print(f"10 PDFs at once: {took:.2f} s")
    print(f"texts during them: {len(waits)}, slowest {waits[-1]:.2f} s, "
          f"median {waits[len(waits) // 2]:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
