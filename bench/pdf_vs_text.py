"""How long a family's text waits while staff download 10 flyers at once (one server process).

    .venv/bin/python bench/pdf_vs_text.py

Ten staff ask for ten different flyer PDFs at the same moment (none cached) while a phone texts
MENU through the signed webhook every 50 ms. Prints the downloads' time and the texts' slowest and
median reply. Goal (issue 19): every text answered in under 1 s.
"""

from __future__ import annotations

import threading
import time

from _texting import Texting, fresh_app, signed_in
from flask.testing import FlaskClient

from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE


def main() -> None:
    app = fresh_app()
    staff = [signed_in(app, f"staff{n}@example.org") for n in range(10)]
    wanted = [(code, kind) for code in LANGUAGES if code != SOURCE_LANGUAGE
              for kind in ("flyer", "card")][:10]  # fmt: skip

    statuses: list[int] = []

    def download(client: FlaskClient, code: str, kind: str) -> None:
        statuses.append(client.get(f"/admin/outreach/{code}/{kind}.pdf").status_code)

    threads = [threading.Thread(target=download, args=(client, code, kind))
               for client, (code, kind) in zip(staff, wanted, strict=True)]  # fmt: skip
    with Texting(app) as texting:
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - started
    print(f"10 PDFs at once: {took:.2f} s, answered {sorted(statuses)}")
    print(f"texts during them: {texting.summary()}")


if __name__ == "__main__":
    main()
