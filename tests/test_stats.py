"""Usage statistics: administrators only, and the "<11" rule on released numbers."""

from __future__ import annotations

import re

from flask.testing import FlaskClient, FlaskCliRunner

from hotline.stats.hiding import single, table

from .test_admin import ADMIN, STAFF, sign_in
from .test_releases import released

__all__ = ["released"]  # the fixture: two released weeks


def test_a_released_number_under_the_minimum_reads_small_even_at_zero_or_below() -> None:
    assert [single(value, 11).display(11) for value in (-4, 0, 10, 11, 250)] == [
        "<11", "<11", "<11", "11", "250"
    ]  # fmt: skip
    found = table({"es": 40, "pt": 9, "ar": -2}, 11)
    assert found.total is not None and found.total.display(11) == "47"  # a sum of released cells
    assert [count.display(11) for count in found.cells.values()] == ["40", "<11", "<11"]


def test_staff_cannot_see_usage_and_administrators_see_charts_with_their_numbers(
    released: dict[str, int], client: FlaskClient, runner: FlaskCliRunner
) -> None:
    users = ["users", "create", STAFF, "--role", "staff", "--password-stdin"]
    assert runner.invoke(args=users, input="a long and unusual passphrase\n").exit_code == 0
    sign_in(client, STAFF)
    assert client.get("/admin/stats").status_code == 403
    assert client.get("/admin/stats.csv").status_code == 403
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/admin/").get_data(as_text=True)
    )
    assert token
    client.post("/admin/logout", data={"csrf_token": token.group(1)})
    sign_in(client, ADMIN)
    page = client.get("/admin/stats?range=4").get_data(as_text=True)
    assert '<title id="by-language-title">' in page and '<desc id="by-language-desc">' in page
    row = re.search(r"<tr><td>English</td><td>([^<]*) <small class=\"margin\">±(\d+)</small>", page)
    assert row and re.fullmatch(r"&lt;11|-?\d+", row.group(1))  # no English family: noise only
    assert row.group(2) == "37"  # 2 cells (two weeks): 1.645 x 16 x sqrt 2
    csv_text = client.get("/admin/stats.csv?range=4").get_data(as_text=True)
    assert csv_text.startswith("section,name,count,margin_90\n") and "by_language,es," in csv_text
    assert "first_texts_by_channel,whatsapp," in csv_text
