"""SMS cost: the counter itself, and every reply in every language against its budget."""

from __future__ import annotations

import pytest

from hotline.conversation.budget import table
from hotline.segments import count_segments


@pytest.mark.parametrize(
    "text,encoding,count",
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension characters count twice
        ("€" * 81, "GSM-7", 2),
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 2),  # an escape pair is never split
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 3),
        ("é ñ ü à è ì ò ù ¿ ¡ Ç", "GSM-7", 1),
        ("á" * 70, "UCS-2", 1),
        ("á" * 71, "UCS-2", 2),
        ("ç", "UCS-2", 1),  # lowercase ç is not GSM-7
        ("中" * 134, "UCS-2", 2),
        ("中" * 135, "UCS-2", 3),
        ("🙂" * 35, "UCS-2", 1),  # two UTF-16 units each
        ("🙂" * 36, "UCS-2", 2),
    ],
)
def test_segments_are_counted_as_carriers_split_them(text: str, encoding: str, count: int) -> None:
    found = count_segments(text)
    assert (found.encoding, found.count) == (encoding, count)


def test_every_reply_in_every_language_fits_its_segment_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    printed, rows = table()
    with capsys.disabled():
        print("\n\nSMS segments per reply and language\n" + printed)
    over = [f"{m.language} {m.reply}: {m.segments.count} > {m.budget}" for m in rows if m.over]
    assert not over, "\n".join(over)
    from hotline.i18n import LANGUAGES

    assert {m.language for m in rows} == set(LANGUAGES)


def test_accents_gsm7_lacks_are_folded_only_when_that_saves_segments() -> None:
    from hotline.segments import economical

    long_spanish = "Información para la familia. " * 6  # 180 characters: 3 parts in UCS-2
    assert count_segments(long_spanish).count == 3
    sent = economical(long_spanish, "es")
    assert sent.startswith("Informacion para")
    assert count_segments(sent).encoding == "GSM-7" and count_segments(sent).count == 2
    assert economical("Información", "es") == "Información"  # one part either way: keep the accent
    assert economical("“Não” — já…" * 30, "pt").startswith('"Nao" - ja...')


def test_vietnamese_chinese_and_arabic_are_never_folded() -> None:
    from hotline.segments import economical

    for text, language in [
        ("Tiếng Việt " * 30, "vi"),
        ("中文 " * 60, "zh"),
        ("العربية " * 30, "ar"),
    ]:
        assert economical(text, language) == text
