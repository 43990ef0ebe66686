"""How long a family's text waits while staff confirm a 2 MB directory import (SQLite).

    .venv/bin/python bench/import_vs_text.py

Previews and confirms a 2 MB CSV of new entries through the admin, and meanwhile texts MENU
through the signed webhook every 50 ms. Prints the import's time and the texts' slowest and median
reply, and how many got the apology. Goal (issue 19): every text answered in under 1 s.
"""

from __future__ import annotations

import csv
import io
import re
import time

from _texting import Texting, csrf_token, fresh_app, signed_in
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

TARGET_BYTES = 2 * 1024 * 1024 - 2000


def main() -> None:
    app = fresh_app()
    admin = signed_in(app, "admin@example.org", "admin")
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
    upload = FileStorage(io.BytesIO(data), "bulk.csv")
    boundary, body = encode_multipart(
        {"csrf_token": csrf_token(admin, "/admin/referrals/import"), "file": upload}
    )
    started = time.perf_counter()
    preview = admin.post("/admin/referrals/import", data=body,
                         content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    previewed = time.perf_counter() - started
    form = preview.get_data(as_text=True).split("confirm-import")[1]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    with Texting(app) as texting:
        started = time.perf_counter()
        confirmed = admin.post("/admin/referrals/import", data=fields)
        imported = time.perf_counter() - started
    print(f"import: {rows} rows, {len(data):,} bytes; preview {previewed:.2f} s, "
          f"confirm {imported:.2f} s (status {confirmed.status_code})")  # fmt: skip
    print(f"texts during it: {texting.summary()}")


if __name__ == "__main__":
    main()
