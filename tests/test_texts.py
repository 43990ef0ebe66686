"""What the hotline says, edited in the admin: drafts, publishing, "needs update", history, upgrades,
and reviews that cover the text families get. Driven through the real admin and a real phone."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from hotline import db
from hotline.conversation import content
from hotline.conversation.topics import TOPIC_PAGES, Topic
from hotline.models import AuditEntry, ContentText
from hotline.outreach import sender
from hotline.outreach.render import Format
from hotline.outreach.render import html as flyer_html
from hotline.segments import gsm7_folded

from .conftest import PASSWORD, Phone
from .test_admin import csrf_token, sign_in
from .test_engine import tr

EDITOR = "editor@example.org"
LUNN = "release_day.lunn"  # page 3 of release day
LUNN_EN = TOPIC_PAGES[Topic.RELEASE_DAY][2]
NEW_LUNN = (
    "MA law gives officers no power to hold someone only because of an ICE detainer "
    "(Lunn v. Commonwealth, 2017). The prisons' 287(g) agreement is the exception here."
)


@pytest.fixture
def editor(runner: FlaskCliRunner, client: FlaskClient) -> FlaskClient:
    result = runner.invoke(args=["users", "create", EDITOR, "--role", "editor", "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    sign_in(client, EDITOR)
    return client


def change(client: FlaskClient, text_id: str, language: str, action: str, body: str = "") -> Any:
    path = f"/admin/texts/{text_id}/{language}"
    return client.post(path, data={"action": action, "body": body,
                                   "csrf_token": csrf_token(client, path)})  # fmt: skip


def shown(client: FlaskClient, path: str) -> str:
    """A page's text as a person reads it (entities unescaped)."""
    return html.unescape(client.get(path).get_data(as_text=True))


def page_three(phone: Phone, first: str) -> str:
    phone.text(first)
    phone.text("1")
    phone.text("MORE")
    return phone.text("MORE")[0]


def test_an_english_edit_marks_translations_needing_update_until_they_are_updated(
    editor: FlaskClient, phone: Phone, engine: Engine
) -> None:
    spanish_before = tr("es", LUNN_EN)
    # A draft changes nothing families get.
    assert change(editor, LUNN, "en", "save", NEW_LUNN).status_code == 302
    assert page_three(phone, "MENU").startswith(LUNN_EN)
    page = shown(editor, f"/admin/texts/{LUNN}/en")
    assert "Your draft" in page and "Discard draft" in page
    # Published: English families get it at once.
    assert change(editor, LUNN, "en", "publish", NEW_LUNN).status_code == 302
    assert page_three(phone, "MENU").startswith(NEW_LUNN)

    # Spanish now needs an update; Spanish families keep getting the Spanish they had.
    page = shown(editor, f"/admin/texts/{LUNN}/es")
    assert "Needs update" in page and LUNN_EN in page and NEW_LUNN in page
    listing = shown(editor, "/admin/texts?language=es")
    assert "needs update" in listing
    spanish_phone = Phone(phone.client, number="+16175550142")
    assert gsm7_folded(page_three(spanish_phone, "Hola")).startswith(gsm7_folded(spanish_before))

    # The Spanish update, published: current again, and what Spanish families get.
    update_es = spanish_before.replace("2017)", "2017.)")
    assert change(editor, LUNN, "es", "publish", update_es).status_code == 302
    assert gsm7_folded(page_three(spanish_phone, "MENU")).startswith(gsm7_folded(update_es))
    page = shown(editor, f"/admin/texts/{LUNN}/es")
    assert "Needs update" not in page
    # Each publish is audited and kept as history.
    with Session(engine) as session:
        published = session.scalars(
            select(AuditEntry.target).where(AuditEntry.action == "text_published")
        ).all()
    assert published == [f"{LUNN} en", f"{LUNN} es"]
    assert change(editor, LUNN, "en", "publish", LUNN_EN).status_code == 302
    history = shown(editor, f"/admin/texts/{LUNN}/en")
    assert history.count("editor@example.org") >= 2 and NEW_LUNN in history


@pytest.mark.parametrize(
    ("text_id", "body", "reason"),
    [
        (
            LUNN,
            LUNN_EN + " More words. " * 60,
            "Too long for its SMS budget in: Release day & detainers 3/7",
        ),
        (
            "welcome",
            "Free info for families. Texts are not private.",
            "Keep exactly these placeholders",
        ),
        (LUNN, "   ", "The text is empty"),
        (LUNN, "Lunn\u202e v. Commonwealth", "control or invisible character"),
    ],
)
def test_an_edit_that_cannot_be_sent_is_refused_with_the_reason_and_nothing_changes(
    editor: FlaskClient, phone: Phone, text_id: str, body: str, reason: str
) -> None:
    response = change(editor, text_id, "en", "publish", body)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert reason in page
    assert body.strip()[:20] in page  # the edit is shown again, not lost
    assert page_three(phone, "MENU").startswith(LUNN_EN)


def test_an_upgrade_that_changes_an_edited_shipped_text_shows_both(
    editor: FlaskClient, engine: Engine
) -> None:
    assert change(editor, LUNN, "en", "publish", NEW_LUNN).status_code == 302
    # As if the edit had been made from an older shipped text, which an upgrade then changed.
    with Session(engine) as session, session.begin():
        session.execute(update(ContentText).values(based_on="An older shipped text."))
    page = shown(editor, f"/admin/texts/{LUNN}/en")
    assert "An upgrade changed the shipped text" in page
    assert "An older shipped text." in page and LUNN_EN in page and NEW_LUNN in page
    assert change(editor, LUNN, "en", "keep").status_code == 302
    page = shown(editor, f"/admin/texts/{LUNN}/en")
    assert "An upgrade changed the shipped text" not in page
    assert change(editor, LUNN, "en", "restore").status_code == 302
    page = shown(editor, f"/admin/texts/{LUNN}/en")
    assert "Families get the shipped text again." in page
    families_get = page.split("Families get now:")[1].split("</pre>")[0]
    assert LUNN_EN in families_get and NEW_LUNN not in families_get


def test_only_editors_and_administrators_edit_texts(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    result = runner.invoke(args=["users", "create", "staff@example.org", "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code == 0
    sign_in(client, "staff@example.org")
    assert client.get("/admin/texts").status_code == 403
    assert client.get(f"/admin/texts/{LUNN}/en").status_code == 403


def test_an_editor_sees_texts_and_news_but_not_accounts(editor: FlaskClient) -> None:
    start = shown(editor, "/admin/")
    assert "/admin/texts" in start and "/admin/news" in start and "/admin/users" not in start
    assert editor.get("/admin/users").status_code == 403
    assert editor.get("/admin/texts/nothing/en").status_code == 404
    assert editor.get(f"/admin/texts/{LUNN}/xx").status_code == 404


def test_a_published_edit_of_help_reaches_families_in_that_language_only(
    editor: FlaskClient, phone: Phone
) -> None:
    edited = "Editado por el equipo. " + tr("es", content.HELP)
    assert change(editor, "help", "es", "publish", edited).status_code == 302
    phone.text("Hola")
    assert "Editado por el equipo." in "\n".join(phone.text("AYUDA"))
    portuguese = Phone(phone.client, number="+16175550145")
    portuguese.text("Olá")
    assert "Editado" not in "\n".join(portuguese.text("AJUDA"))


def test_a_whole_language_is_reviewed_at_once_and_an_edit_ends_the_review(
    runner: FlaskCliRunner, client: FlaskClient, phone: Phone
) -> None:
    assert runner.invoke(args=["users", "create", "admin@example.org", "--role", "admin",
                               "--password-stdin"], input=PASSWORD + "\n").exit_code == 0  # fmt: skip
    sign_in(client, "admin@example.org")
    for language, role in (("en", "attorney"), ("es", "translator")):
        response = client.post("/admin/content", data={
            "part": "all", "language": language, "reviewer": "Ana Pereira", "role": role,
            "reviewed_on": "", "csrf_token": csrf_token(client, "/admin/content")})  # fmt: skip
        assert response.status_code == 302
    page = shown(client, "/admin/content")
    assert (
        "Reviews recorded" in page and "never reviewed" not in page.split("Texts per language")[0]
    )
    phone.text("Hola")
    first = gsm7_folded(phone.text("1")[0])
    assert "Revisado" in first, first
    # Publishing a Spanish edit of a page ends that topic's review, in Spanish only.
    edited = tr("es", LUNN_EN).replace("2017)", "2017.)")
    assert change(client, LUNN, "es", "publish", edited).status_code == 302
    assert "Revisado" not in gsm7_folded(phone.text("1")[0])
    english = Phone(phone.client, number="+16175550143")
    english.text("MENU")
    assert "Reviewed" in english.text("1")[0]


def test_a_translators_po_file_round_trips_and_comes_back_as_drafts(
    editor: FlaskClient, runner: FlaskCliRunner, phone: Phone, tmp_path: Path
) -> None:
    assert change(editor, LUNN, "en", "publish", NEW_LUNN).status_code == 302
    exported = tmp_path / "es.po"
    result = runner.invoke(args=["content", "export", "--lang", "es", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    # Unchanged, it reads back as nothing new.
    result = runner.invoke(args=["content", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert "0 draft(s) saved" in result.output and "1 left out" in result.output  # the fuzzy one

    # Needs update: fuzzy, with the English it was written from on its "#|" lines.
    block = exported.read_text("utf-8").split(f'msgctxt "{LUNN}"')[0].rsplit("\n\n", 1)[-1]
    previous = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "".join(
        line for line in block.splitlines() if line.startswith("#|"))))  # fmt: skip
    assert "#, fuzzy" in block and previous == LUNN_EN
    with exported.open("rb") as file:
        catalog = read_po(file)
    lunn = catalog.get(NEW_LUNN, context=LUNN)
    assert lunn is not None and lunn.fuzzy
    updated = tr("es", LUNN_EN).replace("2017)", "2017.)")
    lunn.string, lunn.flags = updated, set()
    calls = catalog.get(TOPIC_PAGES[Topic.RIGHTS][5], context="rights.calls")
    assert calls is not None
    calls.string = "Puede llamar a su familia. " * 40  # over its SMS budget
    catalog.add("Nobody wrote this", "Nadie escribió esto", context="no.such.text")
    edited = tmp_path / "es-edited.po"
    with edited.open("wb") as out:
        write_po(out, catalog, width=100)

    result = runner.invoke(args=["content", "import", str(edited)])
    assert result.exit_code == 1
    output = result.output
    assert "1 draft(s) saved" in output and "2 refused" in output
    assert "(rights.calls): Too long for its SMS budget in: Rights, what not to sign 6/6" in output
    assert "(no.such.text): no text has this id" in output
    assert all(line.startswith("refused: line ") for line in output.splitlines()
               if "refused:" in line)  # fmt: skip
    # A draft: Spanish families keep the published Spanish until staff publish it.
    spanish = Phone(phone.client, number="+16175550144")
    assert gsm7_folded(page_three(spanish, "Hola")).startswith(gsm7_folded(tr("es", LUNN_EN)))
    page = shown(editor, f"/admin/texts/{LUNN}/es")
    assert "Your draft" in page and updated in page
    assert change(editor, LUNN, "es", "publish", updated).status_code == 302
    assert gsm7_folded(page_three(spanish, "MENU")).startswith(gsm7_folded(updated))
    assert "Needs update" not in shown(editor, f"/admin/texts/{LUNN}/es")


def test_a_file_that_is_not_po_is_refused_plainly(runner: FlaskCliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text("Dear translator, here are the texts\n", "utf-8")
    result = runner.invoke(args=["content", "import", str(broken)])
    assert result.exit_code == 1 and "not a PO file the hotline can read" in result.output
    headerless = tmp_path / "headerless.po"
    headerless.write_text('msgctxt "help"\nmsgid "a"\nmsgstr "b"\n', "utf-8")
    result = runner.invoke(args=["content", "import", str(headerless)])
    assert result.exit_code == 1 and "Language header" in result.output


def test_a_published_menu_line_reaches_the_menu_and_the_printed_flyer(
    editor: FlaskClient, runner: FlaskCliRunner, phone: Phone
) -> None:
    line = "Bond, and what a family can do"
    assert change(editor, "bond.label", "en", "publish", line).status_code == 302
    assert f"4 {line}" in phone.text("MENU")[0]
    assert (
        runner.invoke(args=["settings", "set", "public_number", "+1 617 555 0100"]).exit_code == 0
    )
    with editor.application.app_context():
        found = sender(db.session())
        assert found is not None
        page = flyer_html("es", Format.BILINGUAL, found.number, found.dial, None, found.edits)
    assert line in page  # the English side prints the edit


def test_a_spanish_speaking_editor_is_told_why_in_spanish(editor: FlaskClient) -> None:
    editor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = change(editor, LUNN, "es", "publish", "   ")
    assert response.status_code == 400
    assert "El texto está vacío." in html.unescape(response.get_data(as_text=True))
    response = change(editor, "welcome", "es", "save", "Información gratuita.")
    assert "Conserve exactamente estos marcadores:" in html.unescape(
        response.get_data(as_text=True)
    )
    # The password form says it in Spanish too.
    page = "/admin/account"
    wrong = editor.post(page, data={"current_password": "not my password",
                                    "new_password": "a new and unusual passphrase",
                                    "repeat_password": "a new and unusual passphrase",
                                    "csrf_token": csrf_token(editor, page)})  # fmt: skip
    assert "Su contraseña actual no es correcta." in html.unescape(wrong.get_data(as_text=True))
