"""The admin in a real browser: Playwright driving Debian's Chromium against the app on loopback."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from werkzeug.serving import make_server

from .conftest import Phone

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(
    os.environ.get("HOTLINE_SCREENSHOTS", Path(__file__).parent.parent / ".screenshots")
)
ADMIN, STAFF = "admin@example.org", "staff@example.org"
PASSWORD = "a long and unusual passphrase"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium for the browser tests; none at {CHROMIUM}")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

# The rules axe-core tags for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page, one line each: rule, impact, where."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    found = axe_playwright.Axe().run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
            for v in found for node in v["nodes"]]  # fmt: skip


@pytest.fixture
def served(app: Flask, runner: FlaskCliRunner, seeded: None) -> Iterator[str]:
    for email, role in ((ADMIN, "admin"), (STAFF, "staff")):
        result = runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                               input=PASSWORD + "\n")  # fmt: skip
        assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        try:
            yield launched
        finally:
            launched.close()


def shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def header_rows(page: object) -> int:
    """How many rows the header's name, links and buttons take."""
    middles = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('header nav > *, header > strong')]"
        ".map(e => e.getBoundingClientRect()).map(r => Math.round((r.top + r.bottom) / 20))"
    )
    return len(set(middles))


def sign_in(page: object, base: str, email: str, lands: str = "/admin/") -> None:
    page.goto(f"{base}/admin/login")  # type: ignore[attr-defined]
    page.fill("input[name=email]", email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}{lands}")  # type: ignore[attr-defined]


def test_an_admin_edits_a_phone_number_and_the_hotline_texts_it(
    served: str, browser: object
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{served}/admin/referrals")
    assert "/admin/login" in page.url
    shot(page, "01-sign-in")
    sign_in(page, served, ADMIN)
    assert header_rows(page) == 1  # every administrator's link on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "02-start")

    page.goto(f"{served}/admin/referrals?county=Hampden")
    shot(page, "03-directory-hampden")
    page.click("text=Demo Pioneer Valley Legal Project")
    page.fill("input[name=phone]", "413-555-0177")
    shot(page, "04-edit-entry")
    page.click("form.entry button[type=submit]")
    assert page.locator(".flash").inner_text() == "Saved."

    page.goto(f"{served}/admin/try")
    page.fill("input[name=text]", "01103")
    page.click("text=Send")
    # A first text gets the privacy line first, then the list.
    replies = "\n".join(page.locator("pre.reply").all_inner_texts())
    assert "Demo Pioneer Valley Legal Project 413-555-0177" in replies
    shot(page, "05-try-it")

    page.goto(f"{served}/admin/audit")
    assert "413-555-0108 → 413-555-0177" in page.content()
    shot(page, "06-audit")
    page.goto(f"{served}/admin/users")
    shot(page, "07-users")

    page.goto(f"{served}/admin/settings")
    page.fill("input[name=organization]", "Demo Family Network")
    page.fill("input[name=contact_phone]", "617 555 0100")
    page.click("form.narrow button[type=submit]")
    assert page.locator(".flash").inner_text() == "Saved."
    assert page.locator("input[name=contact_phone]").input_value() == "(617) 555-0100"
    shot(page, "09-settings")
    page.goto(f"{served}/admin/content?part=bond/1&language=zh_Hant")
    assert "保釋" in page.locator("pre.reply").inner_text()
    one = page.locator("form", has_text="Record the review of the text above")
    one.locator("input[name=reviewer]").fill("Demo Translator")
    one.locator("select[name=role]").select_option("translator")
    page.click("text=Record the review of the text above")
    assert page.locator(".flash").inner_text() == "Review recorded."
    shot(page, "10-content-reviews")


def test_a_staff_member_cannot_open_users(served: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, served, STAFF)
    response = page.goto(f"{served}/admin/users")
    assert response.status == 403
    assert "Users" not in page.locator("nav").inner_text()


def test_the_admin_reads_well_on_a_phone_and_in_spanish(served: str, browser: object) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844},
        locale="es-US",
        extra_http_headers={"Accept-Language": "es"},
    )
    page = context.new_page()
    page.goto(f"{served}/admin/login")
    assert page.locator("h1").inner_text() == "Iniciar sesión"
    shot(page, "08-sign-in-phone-es")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone's screen


def test_an_administrator_reads_a_released_week_with_small_numbers_hidden(
    app: Flask, served: str, browser: object
) -> None:
    client = app.test_client()
    scripts = [(14, ["Hola, necesito ayuda para mi familia", "4", "02720", "MÁS"]),
               (12, ["Bonjou, mwen bezwen èd pou fanmi mwen", "1", "Brockton"]),
               (11, ["Xin chào, tôi cần giúp đỡ cho gia đình tôi", "5", "Lowell"]),
               (2, ["Olá, preciso de ajuda com a minha família", "2"])]  # fmt: skip
    numbers = iter(range(1000, 2000))  # every family its own number
    for families, texts in scripts:
        for _ in range(families):
            phone = Phone(client, f"+1413555{next(numbers):04d}")
            for text in texts:
                phone.text(text)
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    sign_in(page, served, ADMIN)
    page.goto(f"{served}/admin/stats")
    assert "No week has been released yet" in page.content()  # this week shows nothing
    next_week = (date.today() + timedelta(days=7)).isoformat()
    released = app.test_cli_runner().invoke(args=["stats", "release", "--as-of", next_week])
    assert released.exit_code == 0 and "released 1 week(s)" in released.output
    page.goto(f"{served}/admin/")
    assert "(released):" in page.locator("p.week").inner_text()
    page.goto(f"{served}/admin/stats?range=4")
    assert page.locator("svg.chart").count() >= 7
    languages = page.locator("table.numbers").nth(2).inner_text()
    assert re.search(r"Español\t\d+", languages)  # 56 texts and noise: well over 11
    shot(page, "11-usage")
    page.goto(f"{served}/admin/privacy")
    assert page.locator("h2").filter(has_text="conversation").count() == 1
    shot(page, "15-privacy")


@pytest.mark.parametrize(("width", "name"), [(390, "phone"), (1280, "desktop")])
def test_staff_create_an_entry_from_lists_alone(
    served: str, browser: object, width: int, name: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, served, STAFF)
    if width >= 1280:
        assert header_rows(page) == 1

    page.goto(f"{served}/admin/referrals/new")
    page.fill("input[name=external_id]", f"fall-river-vi-{name}")
    page.fill("input[name=organization]", f"Demo Fall River Vietnamese Help ({name})")
    page.fill("input[name=phone]", "508-555-0133")
    # Everything else is chosen: no code is typed.
    page.get_by_label("Removal defense for detained people").check()
    page.get_by_label("Bond representation").check()
    page.get_by_label("Bristol County").check()
    page.get_by_label("Vietnamese · Tiếng Việt").check()
    page.get_by_role("checkbox", name="English", exact=True).check()
    page.get_by_label("Fee").select_option(label="Sliding scale")
    page.get_by_label("Time zone").select_option(label="Eastern (Boston, New York)")
    page.fill("input[name=hours]", "Mon-Fri 9:00-17:00")
    shot(page, f"12-new-entry-{name}")
    wide = page.evaluate(
        f"[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width})"
        ".map(e => e.tagName + '.' + e.className + ':' + (e.getAttribute('name') || ''))"
    )
    assert wide == [], wide
    page.click("form.entry button[type=submit]")
    assert page.locator(".flash").inner_text() == "Saved."
    preview = page.locator("table.preview").inner_text()
    assert "Demo Fall River Vietnamese Help" in preview and "Tiếng Việt" in preview

    page.goto(f"{served}/admin/referrals?county=Bristol&lang=vi")
    row = page.locator("table.stacked tbody tr", has_text="Demo Fall River Vietnamese Help")
    assert row.count() == 1
    shot(page, f"13-directory-{name}")
    if width < 700:  # on a phone each cell carries its column's name
        label = page.evaluate(
            "getComputedStyle(document.querySelector('table.stacked td'), '::before').content"
        )
        assert label == '"Organization: "'
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_staff_download_a_flyer_from_outreach(
    served: str, browser: object, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["settings", "set", "public_number", "+16175550100"]).exit_code == 0
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    sign_in(page, served, STAFF)
    assert header_rows(page) == 1
    page.click("nav >> text=Outreach")
    page.select_option("main select[name=language]", "vi")
    page.click("main form.filters button")
    previews = page.locator(".outreach img")
    assert previews.count() == 3
    page.wait_for_load_state("networkidle")
    loaded = (
        "[...document.querySelectorAll('.outreach img')].map(i => i.complete && i.naturalWidth)"
    )
    assert all(width == 850 for width in page.evaluate(loaded))  # every preview drawn
    shot(page, "14-outreach")
    with page.expect_download() as downloading:
        page.locator(".outreach figure", has_text="Wallet cards").locator("a.download").click()
    download = downloading.value
    assert download.suggested_filename == "hotline-card-vi.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import pypdfium2

    document = pypdfium2.PdfDocument(saved)
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert text.count("XIN CHÀO") == 8 and text.count("(617) 555-0100") == 8


def _try(page: object, base: str, *texts: str, language: str = "") -> str:
    """Send texts on the try-it page, as a family would; return the last reply."""
    page.goto(f"{base}/admin/try")  # type: ignore[attr-defined]
    page.click("button[name=reset]")  # type: ignore[attr-defined]
    for number, text in enumerate(texts):
        page.fill("input[name=text]", text)  # type: ignore[attr-defined]
        if number == 0 and language:
            page.select_option("select[name=language]", language)  # type: ignore[attr-defined]
        page.click("main form button:not([name=reset])")  # type: ignore[attr-defined]
    return str(page.locator("pre.reply").all_inner_texts()[-1])  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 360])
def test_an_editor_updates_english_then_spanish_and_a_whole_language_is_reviewed(
    served: str, browser: object, width: int
) -> None:
    from hotline.conversation.topics import TOPIC_PAGES, Topic
    from hotline.i18n import translations
    from hotline.segments import gsm7_folded

    english_before = TOPIC_PAGES[Topic.RELEASE_DAY][2]  # page 3: Lunn
    spanish_before = translations("es").gettext(english_before)
    english_after = english_before.replace("is the exception.", "is the exception here.")
    spanish_after = spanish_before.replace("2017)", "2017.)")
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in(page, served, ADMIN)
    assert width < 1000 or header_rows(page) == 1

    # The English page, edited and published; the live count follows the typing.
    page.goto(f"{served}/admin/texts?language=en")
    shot(page, f"30-texts-english-{width}")
    page.click("text=Release day & detainers 3/7")
    page.fill("textarea[name=body]", english_after)
    assert "SMS segment(s) for this text alone" in page.locator("#segments").inner_text()
    assert violations(page) == []
    shot(page, f"31-edit-english-{width}")
    page.click("button[value=publish]")
    assert page.locator(".flash").inner_text() == "Published: families get this text now."
    assert _try(page, served, "MENU", "1", "MORE", "MORE").startswith(english_after)

    # Spanish needs an update; Spanish families still get the Spanish they had.
    page.goto(f"{served}/admin/texts?language=es")
    row = page.locator("tr#release_day\\.lunn")
    assert "needs update" in row.inner_text()
    shot(page, f"32-texts-spanish-needs-update-{width}")
    row.locator("a").click()
    box = page.locator(".problems").inner_text()
    assert "Needs update" in box and english_before in box and english_after in box
    assert violations(page) == []
    shot(page, f"33-spanish-needs-update-{width}")
    spanish_now = _try(page, served, "Hola", "1", "MORE", "MORE", language="es")
    assert gsm7_folded(spanish_now).startswith(gsm7_folded(spanish_before))

    # The Spanish update, published: current again, and what Spanish families get.
    page.goto(f"{served}/admin/texts/release_day.lunn/es")
    page.fill("textarea[name=body]", spanish_after)
    page.click("button[value=publish]")
    assert page.locator(".flash").inner_text() == "Published: families get this text now."
    assert page.locator(".problems").count() == 0
    shot(page, f"34-spanish-published-{width}")
    assert "2017.)" in _try(page, served, "Hola", "1", "MORE", "MORE", language="es")

    # A whole language reviewed at once.
    page.goto(f"{served}/admin/content")
    form = page.locator("form", has_text="What was reviewed")
    form.locator("select[name=part]").select_option("all")
    form.locator("select[name=language]").select_option("es")
    form.locator("input[name=reviewer]").fill("Demo Translator")
    form.locator("select[name=role]").select_option("translator")
    form.locator("button[type=submit]").click()
    assert re.fullmatch(r"Reviews recorded: \d+ texts\.", page.locator(".flash").inner_text())
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"35-whole-language-review-{width}")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_worker_sets_up_a_second_factor_and_signs_in_with_a_code_and_a_recovery_code(
    served: str, browser: object, width: int
) -> None:
    import pyotp

    page = browser.new_page(viewport={"width": width, "height": 740})  # type: ignore[attr-defined]
    sign_in(page, served, STAFF)
    page.goto(f"{served}/admin/account")
    page.click("text=Set up or change the second factor")
    page.wait_for_load_state("networkidle")
    drawn = "document.querySelector('main img').complete && document.querySelector('main img').naturalWidth"
    assert page.evaluate(drawn) > 0  # the QR code is shown (served here: the CSP allows no data:)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    shot(page, f"40-second-factor-qr-{width}")
    secret = page.locator("code.secret").inner_text()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    assert violations(page) == []
    shot(page, f"41-recovery-codes-{width}")

    def sign_in_with(code: str) -> None:
        page.click("header button:has-text('Sign out')")
        sign_in(page, served, STAFF, lands="/admin/login/code?next=")
        page.fill("input[name=code]", code)
        page.click("main button[type=submit]")

    page.click("header button:has-text('Sign out')")
    sign_in(page, served, STAFF, lands="/admin/login/code?next=")
    assert violations(page) == []
    shot(page, f"42-sign-in-code-{width}")
    ahead = pyotp.TOTP(secret).at(int(__import__("time").time()) + 30)  # the app's next code
    page.fill("input[name=code]", ahead)
    page.click("main button[type=submit]")
    assert page.url.rstrip("/").endswith("/admin")
    sign_in_with(codes[0])
    assert page.url.rstrip("/").endswith("/admin")
    sign_in_with(codes[0])  # a recovery code works once
    assert (
        page.locator(".flash.error").inner_text() == "That code is not right, or was already used."
    )
    shot(page, f"43-recovery-code-used-{width}")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_import_preview_shows_each_change_before_anything_is_saved(
    served: str, browser: object, tmp_path: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in(page, served, STAFF)
    with page.expect_download() as downloading:
        page.goto(f"{served}/admin/referrals")
        page.click("text=Export CSV")
    exported = tmp_path / "directory.csv"
    downloading.value.save_as(exported)
    text = exported.read_text("utf-8-sig")
    assert "413-555-0109" in text
    changed = tmp_path / "berkshire-fix.csv"
    changed.write_text(text.replace("413-555-0109", "413-555-0190"), "utf-8")
    page.goto(f"{served}/admin/referrals/import")
    page.set_input_files("input[type=file]", str(changed))
    page.click("main button:has-text('Preview')")
    table = page.locator("table.changes").inner_text()
    assert "413-555-0109" in table and "413-555-0190" in table and "phone" in table
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"44-import-preview-{width}")
    page.click("main button:has-text('Import')")
    assert "1 changed" in page.locator(".flash").inner_text()


# Every admin page, against axe-core's WCAG 2.2 AA rules, on a desktop and on a 360 px phone ------


def overlapping_labels(page: Any) -> list[str]:
    """Chart labels that run into their bar (or the bar's stub), as the browser lays them out."""
    found: list[str] = page.evaluate(
        """[...document.querySelectorAll('svg.chart g')].flatMap(row => {
             const label = row.querySelector('text.chart-label'), bar = row.querySelector('rect');
             if (!label || !bar) return [];
             const box = label.getBBox();
             return box.x + box.width > bar.x.baseVal.value - 2 ? [label.textContent] : [];
           })"""
    )
    return found


def _usage_released(app: Flask) -> None:
    """A week of texts, released, so the usage page shows its charts and tables."""
    client = app.test_client()
    numbers = iter(range(3000, 4000))
    for families, texts in ((12, ["Hola, necesito ayuda para mi familia", "4", "02720"]),
                            (11, ["Bonjou, mwen bezwen èd pou fanmi mwen", "1", "Brockton"])):  # fmt: skip
        for _ in range(families):
            phone = Phone(client, f"+1413555{next(numbers):04d}")
            for text in texts:
                phone.text(text)
    next_week = (date.today() + timedelta(days=7)).isoformat()
    released = app.test_cli_runner().invoke(args=["stats", "release", "--as-of", next_week])
    assert released.exit_code == 0, released.output


@pytest.mark.parametrize("width", [1280, 360])
def test_every_admin_page_passes_axe_wcag_22_aa_and_fits_the_screen(
    app: Flask, served: str, browser: Any, width: int
) -> None:
    _usage_released(app)
    page = browser.new_page(viewport={"width": width, "height": 900})
    found: dict[str, list[str]] = {}
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        found[name] = violations(page)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            too_wide[name] = wide
        shot(page, f"axe-{width}-{name}")

    page.goto(f"{served}/admin/login")
    check("login")
    for _ in range(6):  # the staff account's tries used up: the "too many attempts" page
        page.fill("input[name=email]", STAFF)
        page.fill("input[name=password]", "not the password")
        page.click("button[type=submit]")
    assert "Too many failed sign-ins" in page.content()
    check("too-many")
    sign_in(page, served, ADMIN)
    pages = ["", "referrals", "referrals/new", "referrals/import", "try", "stats", "audit",
             "settings", "content", "news", "privacy", "texts", "users", "account",
             "account/second-factor", "outreach", "no-such-page"]  # fmt: skip
    for path in pages:
        page.goto(f"{served}/admin/{path}")
        check(path.replace("/", "-") or "start")
        if path == "stats":
            assert page.locator("svg.chart").count() >= 7
            assert overlapping_labels(page) == []
    # Pages reached from others: an entry, one text in Spanish, try-it after a text.
    page.goto(f"{served}/admin/referrals")
    page.locator("main table a").first.click()
    check("entry")
    page.goto(f"{served}/admin/texts")
    href = page.locator("main a[href*='/admin/texts/']").first.get_attribute("href")
    assert href is not None
    page.goto(served + re.sub(r"/[a-zA-Z_]+$", "/es", href))
    check("text-es")
    page.goto(f"{served}/admin/try")
    page.fill("textarea[name=text], input[name=text]", "Hola")
    page.locator("main form button[type=submit]").first.click()
    check("try-after-a-text")

    failing = {name: lines for name, lines in found.items() if lines}
    assert not failing, "\n".join(f"{name}: {line}" for name, lines in failing.items()
                                  for line in lines)  # fmt: skip
    assert not too_wide, too_wide
