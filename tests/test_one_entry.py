"""Adding a topic is one entry, adding a language is one entry (and a catalog): shown on a copy of
the hotline with a topic and a language that do not ship (housing after release; Russian).

The copy gets exactly what a developer would write: the topic's entry (and its name) in
conversation/topics.py, the language's entry in languages.py, and a Russian catalog. Then the
copy's own test below (run by pytest in the copy) checks that texts, the menus, the flyer, the
usage page, the budgets and the admin all pick them up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TOPIC_NAME = '    LEGAL_HELP = "legal_help"\n'
TOPIC_ENTRY = """\
    TopicEntry(
        Topic.HOUSING, "6", N_("Housing after release"),
        pages={"where": N_("Fixture page: where a person released from ICE may stay.")},
        words={"housing": "en", "жильё": "ru"},
        kinds=frozenset({"legal_orientation"}),
    ),
"""
LANGUAGE_ENTRY = """\
    Language(
        "ru", "Russian", "Русский", "cyrillic", detector="ru",
        typed=Typed(help="ПОМОЩЬ", lawyer="адвокат", lang="язык", stop="СТОП"),
    ),
"""
CATALOG = {
    "Reply with a number:": "Ответьте цифрой:",
    "Housing after release": "Жильё после освобождения",
    "Fixture page: where a person released from ICE may stay.": "Страница: где жить после ICE.",
    "MA Family ICE Hotline": "Горячая линия MA для семей",
    "If someone you love is leaving a Massachusetts prison and ICE may take them": (
        "Если близкий выходит из тюрьмы Массачусетса, а ICE может его забрать"
    ),
}

# Run inside the copy, where the fixtures are the hotline's own.
INNER_TEST = """
from datetime import timedelta

from hotline.conversation.budget import measure
from hotline.stats.cells import monday
from hotline.stats.views import today
from hotline.conversation.engine import menu_text
from hotline.outreach.render import Format, html

from .conftest import ADMIN
from .test_admin import sign_in


def test_the_new_topic_and_language_everywhere(phone, client, runner, accounts):
    # Texts: a Russian sentence is answered in Russian, with the new topic on the menu.
    first = "\\n".join(phone.text("Мой сын выходит из тюрьмы, что нам делать?"))
    assert "Ответьте цифрой:" in first and "6 Жильё после освобождения" in first, first
    assert "Страница: где жить после ICE." in phone.text("6")[0]
    # The language menu offers it after the launch languages, each in its own name.
    listed = phone.text("LANG")[-1]
    assert "12 Русский" in listed, listed
    # Menus in every language list the new topic.
    assert "6 Housing after release" in menu_text("en")
    assert "6 Жильё после освобождения" in menu_text("ru")
    # The flyer prints it, in its own language tag.
    flyer = html("ru", Format.FLYER, "+16175550199", "+16175550199", None)
    assert 'lang="ru"' in flyer and "Жильё после освобождения" in flyer
    # The budgets measure its pages, in the new language too.
    rows = {row.reply for row in measure("ru")}
    assert "housing 1/1" in rows and "welcome" in rows
    # The admin: the usage page names the topic (once the week is released); the content, news
    # and flyer pages offer the language.
    next_week = monday(today()) + timedelta(days=7)
    assert runner.invoke(args=["stats", "release", "--as-of", next_week.isoformat()]).exit_code == 0
    sign_in(client, ADMIN)
    assert "Housing after release" in client.get("/admin/stats").get_data(as_text=True)
    for page in ("/admin/content", "/admin/news", "/admin/outreach", "/admin/texts"):
        assert "Русский" in client.get(page).get_data(as_text=True), page
    # Its texts: the few the catalog has are current, the rest missing (the English is sent).
    texts = client.get("/admin/texts?language=ru").get_data(as_text=True)
    assert "Жильё после освобождения" in texts and "missing: English sent" in texts
"""


def _copy(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("hotline", "messages", "migrations", "tests"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _insert(path: Path, before: str, text: str) -> None:
    source = path.read_text("utf-8")
    assert before in source, (path, before)
    path.write_text(source.replace(before, text + before, 1), "utf-8")


def _catalog(path: Path) -> None:
    path.parent.mkdir(parents=True)
    entries = "".join(
        f'msgid "{english}"\nmsgstr "{russian}"\n\n' for english, russian in CATALOG.items()
    )
    header = (
        "# Russian catalog (a fixture).\n# Review-Status: draft\n"
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    path.write_text(header + entries, "utf-8")


def test_a_topic_and_a_language_are_one_entry_each(tmp_path: Path) -> None:
    _copy(tmp_path)
    topics = tmp_path / "hotline" / "conversation" / "topics.py"
    _insert(topics, "\n\n# A word's languages", '    HOUSING = "housing"\n')
    assert TOPIC_NAME in topics.read_text("utf-8")
    # The new entry goes last in TOPICS: the end of the tuple is its last ")\n# fmt: on".
    source = topics.read_text("utf-8")
    end = source.rindex(")\n# fmt: on")
    topics.write_text(source[:end] + TOPIC_ENTRY + source[end:], "utf-8")
    languages = tmp_path / "hotline" / "languages.py"
    source = languages.read_text("utf-8")
    end = source.rindex(")\n# fmt: on")
    languages.write_text(source[:end] + LANGUAGE_ENTRY + source[end:], "utf-8")
    _catalog(tmp_path / "messages" / "ru" / "LC_MESSAGES" / "messages.po")
    (tmp_path / "tests" / "test_inner.py").write_text(INNER_TEST, "utf-8")

    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    environment.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_inner.py"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
