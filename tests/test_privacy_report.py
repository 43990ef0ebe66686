"""`hotline privacy report` and /admin/privacy: what a subpoena would get, from the live schema."""

from __future__ import annotations

import json

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text

from hotline.conversation import content
from hotline.i18n import LANGUAGES, translations
from hotline.models import Base
from hotline.outreach import texts as flyer

from .conftest import MOTHER, Phone
from .test_admin import ADMIN, STAFF, sign_in


def report(runner: FlaskCliRunner) -> dict[str, object]:
    result = runner.invoke(args=["privacy", "report", "--format", "json"])
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.output)
    return found


def test_the_report_describes_every_table_and_column_of_the_live_database(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    found = report(runner)
    tables = {table["name"]: table for table in found["tables"]}  # type: ignore[attr-defined]
    assert set(tables) >= set(Base.metadata.tables)
    assert found["undescribed"] == []
    for table in tables.values():
        assert table["about_texters"] in ("yes", "counts only", "no"), table["name"]
        assert all(table["columns"].values()), table["name"]
    assert tables["conversation"]["about_texters"] == "yes"
    assert set(tables["conversation"]["columns"]) == set(
        Base.metadata.tables["conversation"].c.keys()
    )


def test_a_table_or_column_the_report_does_not_describe_fails_it(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE caller_note (id INTEGER PRIMARY KEY, note TEXT)"))
        connection.execute(text("ALTER TABLE conversation ADD COLUMN nickname VARCHAR(20)"))
    try:
        result = runner.invoke(args=["privacy", "report"])
    finally:  # the PostgreSQL under test is shared by the whole run
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE caller_note"))
            connection.execute(text("ALTER TABLE conversation DROP COLUMN nickname"))
    assert result.exit_code == 1
    assert "NOT DESCRIBED: caller_note, conversation.nickname" in result.output
    assert "not described: caller_note, conversation.nickname" in result.output


def test_a_live_conversation_shows_as_a_dump_would_with_no_number_no_text_no_minute(
    phone: Phone, runner: FlaskCliRunner
) -> None:
    phone.text("Hola, mi hijo Jose sale de la prision el viernes")
    result = runner.invoke(args=["privacy", "report"])
    assert result.exit_code == 0, result.output
    section = result.output.split("== conversation", 1)[1].split("\n==", 1)[0]
    assert "a row of this database, as a dump shows it" in section
    row = section.rsplit("as a dump shows it:", 1)[1]
    assert "language=es" in row and ":00:00" in row  # the hour, never the minute
    for secret in (MOTHER, MOTHER.lstrip("+")[-7:], "Jose", "viernes"):
        assert secret not in result.output


def test_families_are_told_exactly_what_the_report_says_in_every_language(
    runner: FlaskCliRunner,
) -> None:
    found = report(runner)
    told = {entry["text"] for entry in found["told"]}  # type: ignore[attr-defined]
    assert flyer.PRIVACY in told and content.WELCOME.split("\n")[1] in told
    outside = " ".join(entry["where"] + " " + entry["what"] for entry in found["outside"])  # type: ignore[attr-defined]
    assert "Phone companies" in outside and "Twilio" in outside  # who else keeps texts
    for code in LANGUAGES:
        if code != "en":
            said = translations(code).gettext(flyer.PRIVACY)
            assert said != flyer.PRIVACY, code  # translated, not the English sent on


def test_the_report_says_whether_twilio_s_copies_are_scrubbed(make_app) -> None:  # type: ignore[no-untyped-def]
    for sid, expected in ((None, "cannot"), ("AC" + "1" * 32, "older than 45 minutes")):
        app = make_app(TWILIO_ACCOUNT_SID=sid, HOTLINE_TWILIO_SCRUB_MINUTES=45)
        result = app.test_cli_runner().invoke(args=["privacy", "report"])
        assert expected in result.output


def test_only_administrators_see_the_report_page(accounts: None, client: FlaskClient) -> None:
    sign_in(client, STAFF)
    assert client.get("/admin/privacy").status_code == 403
    client.get("/admin/logout")
    client2 = client.application.test_client()
    sign_in(client2, ADMIN)
    page = client2.get("/admin/privacy").get_data(as_text=True)
    assert "What a subpoena would get" in page and "<code>conversation</code>" in page
    assert "Not described" not in page and "NOT DESCRIBED" not in page
    assert "usage_count" in page and "Phone companies" in page
