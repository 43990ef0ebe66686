"""NEWS: an alert staff publish per language, read by families who text NEWS in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.content_reviews import SqlRecords
from hotline.conversation import EventKind, Inbound, State, Step, content, respond
from hotline.conversation.records import NoRecords
from hotline.i18n import LANGUAGES
from hotline.models import AuditEntry, NewsAlert
from hotline.segments import gsm7_folded
from hotline.stats import cells

from .conftest import Phone
from .test_admin import ADMIN, csrf_token, sign_in
from .test_engine import NOW, Directory, shown, tr

# Each language's own word for NEWS, as a family would send it.
WORDS = {
    "en": "news", "es": "NOTICIAS", "pt": "notícias", "ht": "nouvèl", "zh": "新闻",
    "zh_Hant": "新聞", "vi": "tin tức", "ar": "أخبار", "fr": "nouvelles", "kea": "notisia",
    "km": "ព័ត៌មាន",
}  # fmt: skip


class _Alert(NoRecords):
    def news(self, language: str, now: datetime) -> str | None:
        return f"Demo alert in {language}"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_news_in_every_language_with_and_without_an_alert(language: str) -> None:
    state = State(language, Step.TOPIC, topic="bond", page=2, last_seen=NOW)
    none = respond(state, Inbound(WORDS[language]), NOW, Directory())
    assert shown(none.replies) == (
        gsm7_folded(tr(language, content.NO_NEWS) + "\n" + tr(language, content.BACK_TO_MENU)),
    )
    assert none.state is not None and none.state.language == language
    counted = [(e.kind, e.topic) for e in none.events if e.kind is EventKind.TOPIC]
    assert counted == [(EventKind.TOPIC, "news")]
    alert = respond(state, Inbound(WORDS[language]), NOW, Directory(), _Alert())
    assert alert.replies[0].startswith(f"Demo alert in {language}")
    # The menu says so, in one line, only while an alert is out.
    hint = tr(language, content.NEWS_HINT)
    assert hint in shown(respond(state, Inbound("0"), NOW, Directory(), _Alert()).replies)[0]
    assert hint not in shown(respond(state, Inbound("0"), NOW, Directory()).replies)[0]


def test_news_is_counted_in_its_own_cell_of_every_week() -> None:
    assert (cells.TOPICS, "news") in cells.domain([])


def _publish(client: FlaskClient, **form: str) -> tuple[int, str]:
    response = client.post(
        "/admin/news", data={**form, "csrf_token": csrf_token(client, "/admin/news")}
    )
    return response.status_code, response.get_data(as_text=True)


def test_staff_publish_news_families_read_it_and_staff_end_it(
    runner: FlaskCliRunner, client: FlaskClient, phone: Phone, engine: Engine
) -> None:
    assert runner.invoke(args=["users", "create", ADMIN, "--role", "admin", "--password-stdin"],
                         input="a long and unusual passphrase\n").exit_code == 0  # fmt: skip
    sign_in(client, ADMIN)
    phone.text("Hola, necesito ayuda")
    (none,) = phone.text("NOTICIAS")
    assert gsm7_folded(none) == tr("es", content.NO_NEWS) + "\n" + tr("es", content.BACK_TO_MENU)

    # Too long for a text: refused, said why, and nothing published.
    status, page = _publish(
        client, language="es", text="Aviso importante para las familias. " * 16, days="7"
    )
    assert status == 400 and "SMS segments" in page
    alert = "Nuevas reglas de fianza desde el 1 de diciembre: pregunte a un abogado."
    status, _ = _publish(client, language="es", text=alert, days="7")
    assert status == 302
    (news,) = phone.text("NOTICIAS")
    assert news.startswith(alert)
    (menu,) = phone.text("0")
    assert gsm7_folded(tr("es", content.NEWS_HINT)) in gsm7_folded(menu)
    page = client.get("/admin/news").get_data(as_text=True)
    assert alert in page and "End now" in page

    # Another language has no news; a new Spanish alert replaces the first.
    status, _ = _publish(client, language="es", text="Segundo aviso para las familias.", days="3")
    assert status == 302
    assert phone.text("NOTICIAS")[0].startswith("Segundo aviso")
    with Session(engine) as session:
        live = session.scalars(
            select(NewsAlert).where(NewsAlert.expires_at > datetime.now(UTC))
        ).all()
        assert [a.text for a in live] == ["Segundo aviso para las familias."]
        # An alert is read until it expires, and not after.
        records = SqlRecords(session)
        now = datetime.now(UTC)
        assert records.news("es", now) == "Segundo aviso para las familias."
        assert records.news("es", now + timedelta(days=4)) is None
        assert records.news("pt", now) is None
        (current,) = live
    response = client.post(
        f"/admin/news/{current.id}/end", data={"csrf_token": csrf_token(client, "/admin/news")}
    )
    assert response.status_code == 302
    assert gsm7_folded(phone.text("NOTICIAS")[0]).startswith(tr("es", content.NO_NEWS))
    with Session(engine) as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("news_%"))
        ).all()
        assert sorted(actions) == ["news_ended", "news_published", "news_published"]


@pytest.mark.parametrize(("role", "status"), [("staff", 403), ("editor", 200), ("admin", 200)])
def test_editors_and_administrators_publish_news(
    runner: FlaskCliRunner, client: FlaskClient, role: str, status: int
) -> None:
    assert runner.invoke(args=["users", "create", f"{role}@example.org", "--role", role,
                               "--password-stdin"],
                         input="a long and unusual passphrase\n").exit_code == 0  # fmt: skip
    sign_in(client, f"{role}@example.org")
    assert client.get("/admin/news").status_code == status


def test_no_two_keywords_fold_alike_with_different_meanings() -> None:
    from hotline.conversation.keywords import _TABLE, _codes
    from hotline.text import fold

    meant: dict[str, tuple[object, tuple[str, ...]]] = {}
    for command, words in _TABLE.items():
        for word, languages in words.items():
            found = meant.setdefault(fold(word), (command, _codes(languages)))
            assert found == (command, _codes(languages)), word
