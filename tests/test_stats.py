"""Usage statistics: counted right, shown only as the CMS rule allows, never derivable."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.stats.hiding import SMALL, Table, protect

from .conftest import Phone
from .test_admin import ADMIN, PASSWORD, STAFF, sign_in

# --- the hiding rule, on random tables --------------------------------------------------------


def _possible_values(table: Table[int], min_count: int, key: int) -> set[int]:
    """Every value a reader who knows the rules could give one hidden cell, from what is shown."""
    cells = table.cells
    shown = [count.value for count in cells.values() if count.shown]
    # A second hidden cell is no larger than the smallest count still shown (or than the total).
    bound = table.total.value if table.total is not None else 10**6
    ceiling = min([v for v in shown if v > 0], default=bound)

    total = table.total
    # Under a small total, a "<N" cell may be 0: every cell reads "<N" there.
    floor = 0 if total is not None and total.why_hidden == SMALL else 1

    def bounds(why: str | None) -> tuple[int, int]:
        return (floor, min_count - 1) if why == SMALL else (min_count, ceiling)

    hidden = {k: bounds(count.why_hidden) for k, count in cells.items() if not count.shown}
    others = [hidden[k] for k in hidden if k != key]
    low_others, high_others = sum(b[0] for b in others), sum(b[1] for b in others)
    found = set()
    for value in range(hidden[key][0], hidden[key][1] + 1):
        rest_low, rest_high = low_others, high_others
        if total is None:
            possible = True
        elif total.shown:
            need = total.value - sum(shown) - value
            possible = rest_low <= need <= rest_high
        else:  # the total is hidden too: the reader knows only its kind of range
            small_total = total.why_hidden == SMALL
            t_low, t_high = (1, min_count - 1) if small_total else (min_count, 10**9)
            possible = rest_high + value + sum(shown) >= t_low and (
                rest_low + value + sum(shown) <= t_high)  # fmt: skip
        if possible:
            found.add(value)
    return found


@settings(max_examples=400, deadline=None)
@given(
    values=st.lists(st.integers(0, 40), min_size=1, max_size=7),
    min_count=st.sampled_from([3, 5, 11, 20]),
    with_total=st.booleans(),
)
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(
    values: list[int], min_count: int, with_total: bool
) -> None:
    table = protect(dict(enumerate(values)), min_count, with_total=with_total)
    for key, count in table.cells.items():
        if count.shown:
            assert not 0 < count.value < min_count  # a small count is never shown
            continue
        possible = _possible_values(table, min_count, key)
        assert count.value in possible
        assert len(possible) >= 2, (values, key, possible)
    if table.total is not None and table.total.shown:
        assert not 0 < table.total.value < min_count
    for count in table.cells.values():  # 0 reads 0, unless the total is small too
        if count.value == 0 and not count.shown:
            assert table.total is not None and table.total.why_hidden == SMALL


def test_zero_is_shown_and_a_lone_small_count_takes_a_second_cell_with_it() -> None:
    table = protect({"es": 36, "fr": 40, "pt": 9, "ar": 0}, 11)
    shown = {key: count.display(11) for key, count in table.cells.items()}
    assert shown == {"es": "hidden", "fr": "40", "pt": "<11", "ar": "0"}
    assert table.total is not None and table.total.display(11) == "85"


# --- counted from real conversations, through the webhook -------------------------------------


_NUMBERS = itertools.count(1000)


def _families(
    client: FlaskClient, number: int, texts: list[str], *, whatsapp: bool = False
) -> None:
    for _ in range(number):
        # Every family its own number: random ones collided now and then, and two families became one.
        sender = f"+1617555{next(_NUMBERS):04d}"
        phone = Phone(client, ("whatsapp:" if whatsapp else "") + sender)
        for text in texts:
            assert phone.text(text) is not None


@pytest.fixture
def scripted(client: FlaskClient, seeded: None, runner: FlaskCliRunner) -> None:
    _families(client, 12, ["Hola, necesito ayuda para mi familia", "4", "02720"])
    _families(client, 12, ["Bonjour, j'ai besoin d'aide pour ma famille", "1", "Worcester"])
    _families(client, 3, ["Olá, preciso de ajuda com a minha família", "5", "Brockton", "MAIS"])
    _families(client, 1, ["hello", "asdfgh"], whatsapp=True)
    for email, role in ((ADMIN, "admin"), (STAFF, "staff")):
        runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                      input=PASSWORD + "\n")  # fmt: skip


def test_the_command_shows_the_right_counts_with_small_ones_hidden(
    scripted: None, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    today = datetime.now(UTC).date().isoformat()
    assert data["min_count"] == 11 and data["until"] >= today[:8]
    assert set(data) >= {"since", "until", "min_count", "totals", "by_day", "by_language",
                         "by_topic", "by_county", "by_channel", "by_organization", "funnel"}  # fmt: skip
    totals = data["totals"]
    assert totals["first_texts"] == 28
    assert totals["texts"] == 12 * 3 + 12 * 3 + 3 * 4 + 2
    assert totals["places"] == 27
    assert totals["opt_outs"] == 0 and totals["not_understood"] == "<11"
    # French and Spanish families are many; the one English family is hidden, and the next
    # smallest language with it (Portuguese, 12 texts), so that the total gives no count away.
    assert data["by_language"] == {"es": 36, "fr": 36, "pt": "hidden", "en": "<11"}
    assert data["by_topic"]["bond"] == 12 and data["by_topic"]["release_day"] == "hidden"
    assert data["by_topic"]["legal_help"] == "<11" and data["by_topic"]["rights"] == 0
    assert data["by_county"] == {"Bristol": "hidden", "Worcester": 12, "Plymouth": "<11"}
    assert data["by_channel"]["whatsapp"] == "<11" and data["by_channel"]["sms"] == "hidden"
    assert data["funnel"]["first texts"] == 28 and data["funnel"]["got a list"] == 27
    assert data["funnel"]["asked for legal help"] == "<11"
    assert data["funnel"]["read a topic"] == "hidden"  # it would be topics minus the hidden 3
    assert sum(v for v in data["by_day"].values() if isinstance(v, int)) == totals["texts"]


def test_the_page_shows_charts_with_their_numbers_and_staff_cannot_see_it(
    scripted: None, client: FlaskClient
) -> None:
    sign_in(client, STAFF)
    assert client.get("/admin/stats").status_code == 403
    assert client.get("/admin/stats.csv").status_code == 403
    client.post("/admin/logout", data={"csrf_token": _token(client)})
    sign_in(client, ADMIN)
    page = client.get("/admin/stats?range=7").get_data(as_text=True)
    assert page.count('<svg role="img"') >= 6
    assert '<title id="by-language-title">' in page and '<desc id="by-language-desc">' in page
    assert "style=" not in page and "<script" not in page
    row = re.search(r"<tr><td>English</td><td>([^<]*)</td></tr>", page)
    assert row and row.group(1) == "&lt;11"
    assert (
        "Last 7 days: 86 texts, 28 first texts, 27 lists of help sent, 0 opt-outs."
        in client.get("/admin/").get_data(as_text=True)
    )
    csv_text = client.get("/admin/stats.csv?range=30").get_data(as_text=True)
    assert "by_language,en,<11" in csv_text and "by_language,fr,36" in csv_text
    assert "by_language,pt,hidden" in csv_text


def test_a_county_filter_narrows_places_and_referrals_only(
    scripted: None, client: FlaskClient
) -> None:
    sign_in(client, ADMIN)
    page = client.get("/admin/stats?county=Bristol").get_data(as_text=True)
    assert "texts, topics and languages are not counted by county" in page
    csv_text = client.get("/admin/stats.csv?county=Bristol").get_data(as_text=True)
    assert "totals,places,12" in csv_text and "by_county,Bristol,12" in csv_text


def _token(client: FlaskClient) -> str:
    found = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/admin/").get_data(as_text=True)
    )
    assert found
    return found.group(1)
