"""The `hotline` command line, run as a deployer or a developer runs it."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hotline.models import AuditEntry, Referral
from hotline.referrals.places import MASSACHUSETTS_COUNTIES


def test_seed_demo_is_idempotent_and_covers_every_county(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert "16 added, 0 unchanged." in first.output
    assert "0 added, 16 unchanged." in second.output
    with Session(engine) as session:
        entries = session.scalars(select(Referral)).all()
    assert len(entries) == 16
    assert all(entry.organization.startswith("Demo ") and entry.is_demo for entry in entries)
    assert all("-555-01" in entry.phone for entry in entries)
    covered = {county for entry in entries for county in entry.counties}
    assert covered == {f"MA:{county}" for county in MASSACHUSETTS_COUNTIES}
    assert any(entry.states == ["MA"] for entry in entries)
    assert any(entry.national for entry in entries)
    assert {entry.status for entry in entries} == {"active", "paused"}


def test_seed_demo_leaves_edited_entries_alone_unless_reset(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with Session(engine) as session, session.begin():
        edited = session.scalars(
            select(Referral).where(Referral.external_id == "demo-pioneer-valley")
        ).one()
        edited.phone = "413-555-0177"
        taken = session.scalars(
            select(Referral).where(Referral.external_id == "demo-cape-islands")
        ).one()
        taken.is_demo = False  # someone made it their real entry
        taken.organization = "Cape and Islands Immigrant Help"
        session.delete(
            session.scalars(
                select(Referral).where(Referral.external_id == "demo-rapid-response")
            ).one()
        )

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert (
        "1 added, 13 unchanged, 2 edited and kept (seed-demo --reset puts them back)"
        in again.output
    )
    reset = runner.invoke(args=["seed-demo", "--reset"])
    assert "0 added, 14 unchanged, 1 edited and kept" in reset.output
    assert "1 edited and put back" in reset.output
    with Session(engine) as session:
        phones = dict(session.execute(select(Referral.external_id, Referral.phone)).all())
        names = dict(session.execute(select(Referral.external_id, Referral.organization)).all())
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.target == "demo-pioneer-valley")
        ).all()
    assert phones["demo-pioneer-valley"] == "413-555-0108"
    assert names["demo-cape-islands"] == "Cape and Islands Immigrant Help"
    assert "demo-rapid-response" in phones
    assert [entry.details["phone"] for entry in audited if "phone" in entry.details][-1] == [
        "413-555-0177",
        "413-555-0108",
    ]


def test_chat_texts_the_hotline_through_the_webhook(runner: FlaskCliRunner, seeded: None) -> None:
    result = runner.invoke(args=["chat"], input="hola\n5\n01103\nPARAR\nhola\n")
    assert result.exit_code == 0, result.output
    assert "segment(s), GSM-7" in result.output or "segment(s), UCS-2" in result.output
    assert "Demo Pioneer Valley Legal Project 413-555-0108" in result.output
    assert result.output.rstrip().endswith("(no reply)")


def test_chat_works_from_whatsapp_too(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["chat", "--from", "whatsapp:+15085550123"], input="HELP\n")
    assert "STOP" in result.output


def test_db_check_says_models_and_migrations_agree(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def test_purge_deletes_only_idle_conversations(runner: FlaskCliRunner, engine: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    from hotline.models import Conversation

    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        session.add(
            Conversation(
                key="a" * 64, language="en", step="menu", last_seen=now - timedelta(days=40)
            )
        )
        session.add(
            Conversation(
                key="b" * 64, language="es", step="menu", last_seen=now - timedelta(days=2)
            )
        )
    result = runner.invoke(args=["purge"])
    assert "Purged 1 idle conversation(s)" in result.output
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1


def test_purge_keeps_an_opt_out_as_the_key_and_the_flag_alone(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    from datetime import UTC, datetime, timedelta

    from hotline.conversation.engine import respond
    from hotline.conversation.state import Inbound, from_record
    from hotline.models import Conversation

    idle = datetime.now(UTC) - timedelta(days=40)
    with Session(engine) as session, session.begin():
        session.add(
            Conversation(
                key="c" * 64, language="pt", step="topic", topic="bond", page=2, opted_out=True,
                last_seen=idle, area="MA:Bristol", shown=3, language_source="chosen",
                seen_messages="ab" * 32, counted=7,
            )
        )  # fmt: skip
    result = runner.invoke(args=["purge"])
    assert "Purged 0 idle conversation(s); 1 opt-out(s) kept" in result.output
    with Session(engine) as session:
        row = session.scalars(select(Conversation)).one()
        kept = {c.name: getattr(row, c.name) for c in Conversation.__table__.c}
    # Nothing but the key and the flag says anything about this family.
    assert kept["opted_out"] is True and kept["key"] == "c" * 64
    assert (kept["language"], kept["topic"], kept["area"], kept["seen_messages"]) == (
        "en",
        None,
        None,
        "",
    )
    assert (kept["page"], kept["shown"], kept["counted"], kept["language_source"]) == (
        0,
        0,
        0,
        "default",
    )
    assert kept["last_seen"].year == 2000
    # The next "olá" gets silence, as before the purge; a second purge changes nothing.
    assert respond(from_record(kept), Inbound("olá"), datetime.now(UTC), None).replies == ()  # type: ignore[arg-type]
    assert "0 opt-out(s) kept" in runner.invoke(args=["purge"]).output
