"""The directory: places, hours, ranking, CSV in and out, and the cost of a lookup."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from hotline.i18n import LANGUAGES, SPOKEN
from hotline.models import Referral
from hotline.referrals.csvfile import COLUMNS, read_rows
from hotline.referrals.directory import SqlDirectory, area_tier, rank
from hotline.referrals.hours import is_open, next_opening, parse_hours
from hotline.referrals.kinds import KINDS, STATUSES
from hotline.referrals.listing import Speaks
from hotline.referrals.places import MASSACHUSETTS_COUNTIES, place_for_text

BOSTON = "America/New_York"


@pytest.mark.parametrize(
    "text,name,county",
    [
        ("02720", "02720", "Bristol"),
        ("Fall River", "Fall River", "Bristol"),
        ("fall river ma", "Fall River", "Bristol"),
        ("FALL RIVER, MA", "Fall River", "Bristol"),
        ("worcester", "Worcester", "Worcester"),
        ("Brockton", "Brockton", "Plymouth"),
        ("Brokton", "Brockton", "Plymouth"),
        ("new bedfrod", "New Bedford", "Bristol"),
        ("Springfield, Massachusetts", "Springfield", "Hampden"),
        ("Bristol County", "Bristol County", "Bristol"),
        ("condado de hampden", "Hampden County", "Hampden"),
        ("Suffolk", "Suffolk County", "Suffolk"),
        ("Martha's Vineyard", "Dukes County", "Dukes"),
        ("Lawrénce", "Lawrence", "Essex"),
    ],
)
def test_a_zip_code_town_or_county_is_understood(text: str, name: str, county: str) -> None:
    place = place_for_text(text)
    assert place is not None
    assert (place.name, place.county, place.state) == (name, county, "MA")


@pytest.mark.parametrize("text", ["hello", "I need help", "xyz", "12", "", "where is my son"])
def test_text_that_is_not_a_place_is_not_taken_for_one(text: str) -> None:
    assert place_for_text(text) is None


def test_a_zip_code_elsewhere_is_understood_as_outside_the_state() -> None:
    place = place_for_text("10001")
    assert place is not None and place.state == "NY" and place.county is None
    unknown = place_for_text("00000")
    assert unknown is not None and unknown.state is None


def test_open_now_and_next_opening_follow_local_time_across_daylight_saving() -> None:
    hours = parse_hours("Mon-Fri 9:00-17:00")
    # Clocks fell back on Sunday 2026-11-01: 9:00 in Boston is 13:00 UTC before, 14:00 UTC after.
    assert is_open(hours, BOSTON, datetime(2026, 10, 30, 13, 0, tzinfo=UTC))
    assert not is_open(hours, BOSTON, datetime(2026, 11, 2, 13, 30, tzinfo=UTC))
    assert is_open(hours, BOSTON, datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    friday_evening = datetime(2026, 10, 30, 22, 0, tzinfo=UTC)
    opening = next_opening(hours, BOSTON, friday_evening)
    assert opening is not None and opening.astimezone(UTC) == datetime(
        2026, 11, 2, 14, 0, tzinfo=UTC
    )
    # Spring forward on Sunday 2027-03-14: 9:00 Monday is 13:00 UTC again.
    opening = next_opening(hours, BOSTON, datetime(2027, 3, 13, 12, 0, tzinfo=UTC))
    assert opening is not None and opening.astimezone(UTC) == datetime(
        2027, 3, 15, 13, 0, tzinfo=UTC
    )


def test_hours_read_and_write_back_the_same() -> None:
    for text in [
        "Mon-Fri 9:00-17:00; Sat 10:00-14:00",
        "24/7",
        "Tue,Thu 9:00-12:00,13:00-17:00",
        "",
    ]:
        from hotline.referrals.hours import format_hours

        assert parse_hours(format_hours(parse_hours(text))) == parse_hours(text)


def _values(id_: int, **values: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = dict(
        external_id=f"e{id_}", organization=f"Org {id_}", phone="617-555-0100", services=[],
        descriptions={}, counties=[], states=[], national=False, languages=["en"],
        interpretation=False, hours="", timezone=BOSTON, closed_dates=[], accepting_new_cases=True,
        serves_detained=True, serves_not_detained=True, fee="free", accredited=False,
        status="active", published=True, priority=0, last_verified=date(2026, 11, 1),
    )  # fmt: skip
    defaults.update(values)
    return defaults


def entry(id_: int, **values: Any) -> Referral:
    return Referral(id=id_, **_values(id_, **values))


NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in Boston


def test_ranking_puts_language_then_legal_help_then_county_then_topic_then_open_now_first() -> None:
    entries = [
        entry(1, states=["MA"], languages=["pt"], services=["removal_defense"]),
        entry(2, counties=["MA:Bristol"], languages=["en"], services=["removal_defense"]),
        entry(3, counties=["MA:Bristol"], languages=["pt"], services=["removal_defense"]),
        entry(4, counties=["MA:Bristol"], languages=["pt"], services=["bond_representation"]),
        entry(5, counties=["MA:Bristol"], languages=["pt"], services=["bond_representation"],
              hours="24/7"),
        entry(6, national=True, languages=["pt"], services=["removal_defense"]),
        entry(7, counties=["MA:Bristol"], interpretation=True, services=["removal_defense"]),
        entry(8, counties=["MA:Bristol"], languages=["pt"], services=["bond_fund"], hours="24/7"),
    ]  # fmt: skip
    found = rank(entries, state="MA", county="Bristol", language="pt", topic="bond", now=NOW)
    # Portuguese legal help (county, then bond, then open now; then state, then nation), then the
    # Portuguese bond fund (not legal help), then the interpreter, then English only.
    assert [item.entry.id for item in found] == [5, 4, 3, 1, 6, 8, 7, 2]


def test_an_office_closed_today_is_not_open_now_even_if_its_hours_say_so() -> None:
    closed_today = entry(1, counties=["MA:Bristol"], hours="24/7", closed_dates=["2026-11-30"])
    open_today = entry(2, counties=["MA:Bristol"], hours="24/7", closed_dates=["2026-12-25"])
    found = rank([closed_today, open_today], state="MA", county="Bristol", language="en",
                 topic=None, now=NOW)  # fmt: skip
    assert [(item.entry.id, item.open_now) for item in found] == [(2, True), (1, False)]
    # Closed dates are the entry's own calendar: 23:30 on the 29th in Boston is the 30th in UTC.
    evening = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)
    (item,) = rank([closed_today], state="MA", county="Bristol", language="en", topic=None,
                   now=evening)  # fmt: skip
    assert item.open_now


def test_paused_retired_unpublished_and_out_of_area_entries_are_never_shown() -> None:
    entries = [
        entry(1, counties=["MA:Bristol"], status="paused"),
        entry(2, counties=["MA:Bristol"], status="retired"),
        entry(3, counties=["MA:Bristol"], published=False),
        entry(4, counties=["MA:Suffolk"]),
        entry(5, counties=["RI:Bristol"]),
        entry(6, counties=["MA:Bristol"]),
    ]
    found = rank(entries, state="MA", county="Bristol", language="en", topic=None, now=NOW)
    assert [item.entry.id for item in found] == [6]


def test_an_entry_not_verified_for_a_year_ranks_last_and_is_marked() -> None:
    entries = [
        entry(1, counties=["MA:Bristol"], last_verified=date(2025, 6, 1), priority=9),
        entry(2, national=True),
    ]
    found = rank(entries, state="MA", county="Bristol", language="en", topic=None, now=NOW)
    assert [(item.entry.id, item.stale) for item in found] == [(2, False), (1, True)]
    shorter = rank(entries, state="MA", county="Bristol", language="en", topic=None, now=NOW,
                   max_age_days=1000)  # fmt: skip
    assert [item.entry.id for item in shorter] == [1, 2]


entries_strategy = st.lists(
    st.builds(
        dict,
        counties=st.lists(
            st.sampled_from([f"MA:{c}" for c in MASSACHUSETTS_COUNTIES[:4]]), max_size=2
        ),
        states=st.lists(st.sampled_from(["MA", "RI"]), max_size=1),
        national=st.booleans(),
        languages=st.lists(st.sampled_from(list(LANGUAGES)), max_size=3),
        interpretation=st.booleans(),
        services=st.lists(st.sampled_from(list(KINDS)), max_size=2),
        accepting_new_cases=st.booleans(),
        hours=st.sampled_from(["", "24/7", "Mon-Fri 9:00-17:00", "Sat 10:00-12:00"]),
        status=st.sampled_from(STATUSES),
        published=st.booleans(),
        priority=st.integers(0, 3),
        last_verified=st.sampled_from([date(2026, 11, 1), date(2024, 1, 1), None]),
        closed_dates=st.lists(st.sampled_from(["2026-11-30", "2026-12-25"]), max_size=1),
    ),
    max_size=12,
)


def rules(found: Referral, county: str | None, language: str, topic: str | None) -> list[int]:
    from hotline.referrals.hours import weekly_hours
    from hotline.referrals.kinds import TOPIC_KINDS

    spoken = SPOKEN.get(language, language)
    speaks = 0 if spoken in found.languages else (1 if found.interpretation else 2)
    legal = {"removal_defense", "bond_representation", "post_conviction", "legal_orientation",
             "rapid_response"}  # fmt: skip
    legal_help = 0 if legal & set(found.services) else 1
    recent = found.last_verified is not None and (NOW.date() - found.last_verified).days <= 365
    if county and f"MA:{county}" in found.counties:
        area = 0
    else:
        area = 1 if "MA" in found.states else 2
    about = 0 if set(found.services) & TOPIC_KINDS.get(topic or "", set()) else 1
    hours = weekly_hours(found.hours, found.closed_dates)
    open_now = 0 if is_open(hours, BOSTON, NOW) else 1
    return [speaks, legal_help, 0 if recent else 1, area, about,
            0 if found.accepting_new_cases else 1, open_now, -found.priority]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    values=entries_strategy,
    county=st.sampled_from([*MASSACHUSETTS_COUNTIES[:4], None]),
    language=st.sampled_from(list(LANGUAGES)),
    topic=st.sampled_from([None, "release_day", "find_someone", "rights", "bond"]),
)
def test_ranking_never_shows_a_hidden_entry_and_never_puts_a_worse_match_first(
    values: list[dict[str, Any]], county: str | None, language: str, topic: str | None
) -> None:
    entries = [entry(n, **found) for n, found in enumerate(values)]
    ranked = rank(entries, state="MA", county=county, language=language, topic=topic, now=NOW)
    for item in ranked:
        assert item.entry.status == "active" and item.entry.published
        assert area_tier(item.entry, "MA", county) is not None
    # Each rule only breaks the ties of the ones before: the first rule two neighbours differ on
    # must favour the one ranked higher. The rules are recomputed here from the wording.
    for better, worse in itertools.pairwise(ranked):
        for rule_better, rule_worse in zip(
            rules(better.entry, county, language, topic),
            rules(worse.entry, county, language, topic),
            strict=True,
        ):
            if rule_better != rule_worse:
                assert rule_better < rule_worse
                break
    shown_ids = {item.entry.id for item in ranked}
    for candidate in entries:
        if (
            candidate.status == "active"
            and candidate.published
            and area_tier(candidate, "MA", county) is not None
        ):
            assert candidate.id in shown_ids


def test_a_lookup_reads_the_entries_only_when_the_directory_changed(
    app: Any, engine: Engine
) -> None:
    with Session(engine) as session, session.begin():
        session.add_all(
            Referral(**_values(n, external_id=f"bulk-{n}", languages=[list(LANGUAGES)[n % 8]],
                               counties=[f"MA:{MASSACHUSETTS_COUNTIES[n % 14]}"],
                               status=STATUSES[n % 3]))
            for n in range(2000)
        )  # fmt: skip
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def lookup() -> list[Any]:
        statements.clear()
        with Session(engine) as session:
            return SqlDirectory(session).find(
                state="MA", county="Bristol", language="pt", topic="bond", now=NOW
            )

    # Active (every third) and serving Bristol (the third county of every fourteen).
    serving = sum(1 for n in range(2000) if n % 3 == 0 and n % 14 == 2)
    assert len(lookup()) == serving
    assert len(statements) == 2  # the directory's version, then every active entry
    assert len(lookup()) == serving
    assert len(statements) == 1  # the version alone: nothing changed
    # A change made with plain SQL, as no admin page would make it, still moves the version
    # (the triggers of migration 0013): the next lookup reads the entries again and sees it.
    first = next(n for n in range(2000) if n % 3 == 0 and n % 14 == 2)
    with engine.begin() as connection:
        connection.execute(
            sql("UPDATE referral SET status = 'paused' WHERE external_id = :id"),
            {"id": f"bulk-{first}"},
        )
    assert len(lookup()) == serving - 1
    assert len(statements) == 2


CSV_HEADER = ",".join(COLUMNS)


def test_a_csv_with_bad_rows_is_refused_whole_naming_every_bad_row(
    runner: FlaskCliRunner, engine: Engine, tmp_path: Path
) -> None:
    def row(**cells: str) -> str:
        return ",".join(cells.get(name, "") for name in COLUMNS)

    good = row(
        external_id="good-1",
        organization="Demo Good",
        services="removal_defense",
        phone="617-555-0150",
        counties="MA:Bristol",
        national="no",
        languages="en; pt",
    )
    rows = [
        good,
        row(external_id="bad-1", organization="Demo Bad County", phone="617-555-0151",
            counties="MA:Atlantis"),
        row(external_id="bad-2", services="flying", phone="617-555-0152"),
        row(external_id="bad-3", organization="Demo Bad Hours", phone="617-555-0153",
            hours="Mon-Fri 17:00-9:00"),
    ]  # fmt: skip
    path = tmp_path / "directory.csv"
    path.write_text("\n".join([CSV_HEADER, *rows]) + "\n", encoding="utf-8")
    result = runner.invoke(args=["referrals", "import", str(path)])
    assert result.exit_code != 0
    assert "row 3 (bad-1)" in result.output and "Atlantis" in result.output
    assert "row 4 (bad-2)" in result.output and "organization is required" in result.output
    assert "flying" in result.output
    assert "row 5 (bad-3)" in result.output and "closing must come after opening" in result.output
    assert "row 2" not in result.output
    with Session(engine) as session:
        assert session.scalars(select(Referral)).all() == []


def test_export_import_export_round_trips_and_reimport_changes_nothing(
    runner: FlaskCliRunner, seeded: None, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert runner.invoke(args=["referrals", "export", str(first)]).exit_code == 0
    result = runner.invoke(args=["referrals", "import", str(first)])
    assert "0 added, 0 changed, 16 unchanged" in result.output
    assert runner.invoke(args=["referrals", "export", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    checked = read_rows(first.read_text(encoding="utf-8"))
    assert checked.problems == [] and len(checked.rows) == 16


def test_an_edited_csv_updates_by_external_id(
    runner: FlaskCliRunner, seeded: None, tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "d.csv"
    runner.invoke(args=["referrals", "export", str(path)])
    text = path.read_text(encoding="utf-8").replace("413-555-0109", "413-555-0199")
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["referrals", "import", str(path)])
    assert "0 added, 1 changed, 15 unchanged" in result.output
    with Session(engine) as session:
        berkshire = session.scalars(
            select(Referral).where(Referral.external_id == "demo-berkshire")
        ).one()
    assert berkshire.phone == "413-555-0199"


def test_list_filters_by_county_language_and_staleness(
    runner: FlaskCliRunner, seeded: None
) -> None:
    bristol = runner.invoke(
        args=["referrals", "list", "--county", "bristol", "--lang", "pt"]
    ).output
    assert "Demo South Coast Immigrant Center" in bristol
    assert "Demo Pioneer Valley Legal Project" not in bristol
    stale = runner.invoke(args=["referrals", "list", "--stale"]).output
    assert "Demo Stale Project" in stale and "1 of 16 entries." in stale


def test_the_demo_directory_offers_every_kind_of_help(seeded: None, engine: Engine) -> None:
    with Session(engine) as session:
        offered = {kind for entry in session.scalars(select(Referral)) for kind in entry.services}
    assert offered == set(KINDS)


def test_open_now_and_opens_next_come_from_stored_hours_for_a_fixed_clock(
    seeded: None, engine: Engine
) -> None:
    saturday_noon = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
    monday_ten = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    with Session(engine) as session:
        directory = SqlDirectory(session)
        weekend = {e.name: e for e in directory.find(state="MA", county="Bristol", language="pt",
                                                        topic=None, now=saturday_noon)}  # fmt: skip
        weekday = {e.name: e for e in directory.find(state="MA", county="Bristol", language="pt",
                                                        topic=None, now=monday_ten)}  # fmt: skip
    south_coast = "Demo South Coast Immigrant Center"
    assert not weekend[south_coast].open_now
    opens = weekend[south_coast].opens_at
    assert opens is not None and (opens.weekday(), opens.hour, opens.minute) == (0, 8, 30)
    assert weekday[south_coast].open_now and weekday[south_coast].opens_at is None
    assert weekend["Demo Rapid Response Line"].open_now  # 24/7
    assert weekend["Demo Stale Project"].stale and not weekend[south_coast].stale
    # Not verified for a year: last of the entries that speak Portuguese and give legal help.
    own_legal = [e.name for e in weekend.values() if e.speaks is Speaks.LANGUAGE and e.legal_help]
    assert own_legal[-1] == "Demo Stale Project"


def test_a_family_finds_help_by_town_and_pages_to_the_end(phone: Any, seeded: None) -> None:
    from hotline.conversation import content
    from hotline.i18n import translations
    from hotline.segments import gsm7_folded

    no_more = gsm7_folded(translations("pt").gettext(content.NO_MORE))
    phone.text("Olá, preciso de ajuda para o meu filho")
    phone.text("4")  # bond
    assert "ZIP" in phone.text("5")[0]
    (first,) = phone.text("fall river ma")
    assert first.startswith("Ajuda juridica perto de Fall River (condado de Bristol):")
    assert "1) Demo South Coast Immigrant Center 508-555-0105" in first  # Bristol, Portuguese, bond
    pages = [first]
    for _ in range(6):
        (page,) = phone.text("MAIS")
        pages.append(page)
        if no_more in gsm7_folded(page):
            break
    entries = [line.split(") ", 1)[1] for page in pages for line in page.splitlines()
               if line[:1].isdigit() and ") " in line]  # fmt: skip
    assert len(entries) == len(set(entries)) >= 4  # no entry twice, and more than one page
    numbers = [int(line.split(")")[0]) for page in pages for line in page.splitlines()
               if line[:1].isdigit() and ")" in line]  # fmt: skip
    assert numbers == list(range(1, len(numbers) + 1))
    everything = "\n".join(pages)
    assert "Demo Paused Clinic" not in everything
    assert "Demo Pioneer Valley" not in everything  # serves Hampden, not Bristol
    assert "Demo National Detention Info Line" in everything
    (after_end,) = phone.text("MAIS")
    assert no_more in gsm7_folded(after_end)


def test_different_places_get_different_answers(phone: Any, seeded: None) -> None:
    phone.text("hello")
    firsts = set()
    for place in ("Pittsfield", "Worcester", "Hyannis", "Springfield", "Lawrence", "Brockton"):
        phone.text("5")
        (reply,) = phone.text(place)
        firsts.add(reply.splitlines()[1])
    assert len(firsts) == 6


def _bristol_directory(engine: Engine, language: str) -> None:
    """One county's directory, built for this test: two local entries that cannot talk with the
    texter, a statewide one that speaks their language, a national one with an interpreter."""
    other = "pt" if language == "es" else "es"
    found = [
        dict(organization="Demo Local English Only", counties=["MA:Bristol"], languages=["en"]),
        dict(organization="Demo Local Other Language", counties=["MA:Bristol"],
             languages=[other]),
        dict(organization="Demo Statewide Own Language", states=["MA"],
             languages=[SPOKEN.get(language, language)]),
        dict(organization="Demo National Interpreter", national=True, languages=["ru"],
             interpretation=True),
    ]  # fmt: skip
    with Session(engine) as session, session.begin():
        for n, values in enumerate(found, start=1):
            session.add(Referral(**_values(n, external_id=f"own-{n}", hours="24/7",
                                           services=["removal_defense"], **values)))  # fmt: skip


def _listed(phone: Any, *texts: str) -> list[str]:
    """Every numbered line of the replies to these texts, and then to MORE until the end."""
    lines = []
    replies = [reply for text in texts for reply in phone.text(text)]
    for _ in range(4):
        replies += phone.text("MORE")
    for reply in replies:
        lines += [line for line in reply.splitlines() if line[:1].isdigit() and ") " in line]
    return lines


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_help_that_speaks_the_familys_language_comes_first_then_an_interpreter_then_the_rest(
    phone: Any, engine: Engine, language: str
) -> None:
    from hotline.conversation import content
    from hotline.i18n import translations
    from hotline.segments import gsm7_folded

    _bristol_directory(engine, language)
    lines = _listed(phone, LANGUAGES[language], "02720")
    names = [line.split(") ", 1)[1].split(" 617-")[0] for line in lines]
    if language == "en":
        expected = ["Demo Local English Only", "Demo Statewide Own Language",
                    "Demo National Interpreter", "Demo Local Other Language"]  # fmt: skip
    else:
        expected = ["Demo Statewide Own Language", "Demo National Interpreter",
                    "Demo Local English Only", "Demo Local Other Language"]  # fmt: skip
    assert names == expected
    said = dict(zip(names, (gsm7_folded(line) for line in lines), strict=True))
    catalog = translations(language)
    mark = {name: gsm7_folded(catalog.gettext(message)) for name, message in [
        ("Demo Statewide Own Language", content.SPEAKS_LANGUAGE),
        ("Demo National Interpreter", content.WITH_INTERPRETER),
        ("Demo Local Other Language", content.NOT_LANGUAGE)]}  # fmt: skip
    for name, words in mark.items():
        assert f", {words}" in said[name], (name, said[name])


def test_an_office_closed_today_is_not_open_now_in_a_text_nor_in_the_admin_preview(
    phone: Any, engine: Engine, client: Any, runner: FlaskCliRunner
) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from tests.test_admin import ADMIN, PASSWORD, sign_in

    today = datetime.now(ZoneInfo(BOSTON)).date()
    closed = [today.isoformat(), (today + timedelta(days=1)).isoformat()]
    with Session(engine) as session, session.begin():
        session.add(Referral(**_values(1, organization="Demo Closed Today", hours="24/7",
                                       closed_dates=closed, counties=["MA:Bristol"],
                                       services=["removal_defense"])))  # fmt: skip
        session.add(Referral(**_values(2, organization="Demo Open Always", hours="24/7",
                                       counties=["MA:Bristol"], services=["removal_defense"])))  # fmt: skip
    phone.text("hello")
    (reply,) = phone.text("02720")
    lines = {line.split(") ", 1)[1].split(" ")[1]: line for line in reply.splitlines()
             if line[:1].isdigit() and ") " in line}  # fmt: skip
    assert "open now" in lines["Open"]
    assert "open now" not in lines["Closed"] and ", opens " in lines["Closed"]

    result = runner.invoke(args=["users", "create", ADMIN, "--role", "admin", "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    sign_in(client, ADMIN)
    with Session(engine) as session:
        ids = {e.organization: e.id for e in session.scalars(select(Referral))}
    closed_page = client.get(f"/admin/referrals/{ids['Demo Closed Today']}").get_data(as_text=True)
    open_page = client.get(f"/admin/referrals/{ids['Demo Open Always']}").get_data(as_text=True)
    assert "Demo Closed Today 617-555-0100, speaks English, opens" in closed_page
    assert (
        "open now"
        not in closed_page.split('<table class="preview stacked">')[1].split("</table>")[0]
    )
    assert "Demo Open Always 617-555-0100, speaks English, open now" in open_page


def test_the_place_tables_still_match_the_usps_data_they_were_made_from() -> None:
    from hotline.referrals.places import MA_TABLE, STATE_TABLE, table_texts

    states, places = table_texts()
    assert STATE_TABLE.read_text(encoding="utf-8") == states, "run scripts/place-tables"
    assert MA_TABLE.read_text(encoding="utf-8") == places, "run scripts/place-tables"
