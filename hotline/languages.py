"""Each language families can text in, described once.

Everything else reads these entries: the language menu and its numbers, the catalogs and their
review status, the detector, SMS encoding, dates and times, the flyers' fonts, the directory's
"speaks" matching, the usage counters, the admin and the segment budgets. Adding a language is one
`Language` below plus its catalog (`messages/<code>/LC_MESSAGES/messages.po`); the words families
type in it (STOP, HELP, topic words) go in the word tables beside every other language's
(conversation/keywords.py, conversation/topics.py), and are optional: the menu numbers, STOP and
the detector work without them.

This module is data only: no imports from the rest of the hotline, so the pure conversation engine
and the edges can both read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hints:
    """Everyday words of a language no detector here knows (or knows only with its marks): two
    different ones in a text decide it. Words are written folded (lower case, no accents)."""

    words: frozenset[str]
    # The texts they are read in: "latin" (Latin letters, accents allowed) or "ascii" (plain
    # letters only: Vietnamese typed without its marks; with them, the detector knows it).
    letters: str = "latin"
    # One such word decides too, when the detector hesitates ("djuda-m pur favor").
    one_will_do: bool = False


@dataclass(frozen=True)
class Typed:
    """A few words as a family would send them in the language, for the segment budgets."""

    help: str
    lawyer: str
    lang: str
    stop: str


@dataclass(frozen=True)
class Language:
    code: str  # the catalog's folder and the Babel locale
    english: str  # its name in English, for staff
    native: str  # its name in itself: the language menu, the flyers, the admin
    script: str  # hotline.text.script() of its letters: "latin", "han", "arabic", "khmer", ...
    typed: Typed
    # What the detector (py3langid) calls it; None when the detector does not know it.
    detector: str | None = None
    # Detector languages whose texts may well be this one (Kriolu reads as Portuguese or Spanish):
    # a conversation in this language keeps it while the detector gives those enough.
    read_as: tuple[str, ...] = ()
    hints: Hints | None = None
    # For a Chinese catalog: which characters it is written in ("simplified", "traditional").
    characters: str | None = None
    # The language staff must speak to answer a family writing in it: Traditional and Simplified
    # Chinese are two ways of writing one language.
    spoken: str | None = None
    staff_name: str | None = None  # how the directory's "languages staff speak" names it
    right_to_left: bool = False
    # Its letters keep their meaning without the accents GSM-7 lacks (á -> a, ç -> c): replies
    # may be sent in the cheaper encoding. Never Vietnamese: its tone marks carry meaning.
    folds_accents: bool = False
    # CSS font-family for print; Pango falls back along the list (Debian's fonts-noto-*).
    font: str = '"Noto Sans", "DejaVu Sans", sans-serif'
    html_lang: str | None = None  # the tag print uses, when it is not the code
    # Dates where CLDR writes them otherwise than the language's readers do.
    month_year: str | None = None  # a str.format pattern of {month} and {year}
    weekdays: tuple[str, ...] | None = None  # Monday first, when CLDR has none
    # Words whose accent-folded form is another word ("país", country, would read "pais",
    # parents): a reply holding one is never folded. A regular expression.
    never_fold: str | None = None

    @property
    def speaks(self) -> str:
        return self.spoken or self.code

    @property
    def tag(self) -> str:
        return self.html_lang or self.code.replace("_", "-")


_CJK = '"Noto Sans CJK {}", "Noto Sans", sans-serif'

# In the order the language menu lists them. New ones go at the end, so the numbers families
# already know keep their meaning.
# fmt: off
LANGUAGE_LIST: tuple[Language, ...] = (
    Language(
        "en", "English", "English", "latin", detector="en", folds_accents=True,
        typed=Typed(help="HELP", lawyer="lawyer", lang="LANG", stop="opt out"),
    ),
    Language(
        "es", "Spanish", "Español", "latin", detector="es", folds_accents=True,
        typed=Typed(help="AYUDA", lawyer="abogado", lang="lengua", stop="BAJA"),
    ),
    Language(
        "pt", "Portuguese", "Português", "latin", detector="pt", folds_accents=True,
        never_fold=r"(?<!\w)(pa[íÍ]s|pa[íÍ]ses|av[óôÓÔ])(?!\w)",
        typed=Typed(help="AJUDA", lawyer="advogado", lang="língua", stop="SAIR"),
    ),
    Language(
        "ht", "Haitian Creole", "Kreyòl ayisyen", "latin", detector="ht", folds_accents=True,
        typed=Typed(help="ÈD", lawyer="avoka", lang="lang la", stop="KANPE"),
        # CLDR writes Haitian dates the ISO way ("2026-11") and has no Haitian weekday names.
        month_year="{month:02d}/{year}",
        weekdays=("lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi", "dimanch"),
    ),
    Language(
        "zh", "Chinese (Simplified)", "简体中文", "han", detector="zh", characters="simplified",
        staff_name="Chinese · 中文", font=_CJK.format("SC"), html_lang="zh-Hans",
        typed=Typed(help="帮助", lawyer="律师", lang="语言", stop="停止"),
    ),
    Language(
        "vi", "Vietnamese", "Tiếng Việt", "latin", detector="vi",
        # Typed without tone marks ("con toi bi bat", "ko dc"), which the detector does not know.
        hints=Hints(frozenset({
            "toi", "khong", "ko", "cua", "chong", "nguoi", "giup", "duoc", "dc", "nao", "minh",
            "chua", "roi", "vay", "lam", "tien", "nhieu", "giay", "trai", "ngay", "voi", "nhung",
            "biet", "bik", "duoi", "tuan", "thue", "luat", "phap", "tro", "gap",
        }), letters="ascii"),
        typed=Typed(help="GIÚP", lawyer="luật sư", lang="ngôn ngữ", stop="DỪNG"),
    ),
    Language(
        "ar", "Arabic", "العربية", "arabic", detector="ar", right_to_left=True,
        font='"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
        typed=Typed(help="مساعدة", lawyer="محامي", lang="لغة", stop="توقف"),
    ),
    Language(
        "fr", "French", "Français", "latin", detector="fr", folds_accents=True,
        typed=Typed(help="AIDE", lawyer="avocat", lang="langue", stop="ARRÊT"),
    ),
    Language(
        "zh_Hant", "Chinese (Traditional)", "繁體中文", "han", read_as=("zh",),
        characters="traditional", spoken="zh", font=_CJK.format("TC"), html_lang="zh-Hant",
        typed=Typed(help="幫助", lawyer="律師", lang="語言", stop="停止"),
    ),
    Language(
        "kea", "Cape Verdean Kriolu", "Kriolu kabuverdianu", "latin", read_as=("pt", "es"),
        staff_name="Cape Verdean Kriolu · Kriolu", folds_accents=True, html_lang="kea",
        # Everyday Kriolu words (ALUPEC spelling and common variants) that Portuguese, Spanish and
        # Haitian Creole do not use; the last ones were seen in families' texts (tests/corpus).
        hints=Hints(frozenset({
            "nha", "bu", "sta", "fidju", "fidjus", "fidja", "kadia", "mantenha", "txeu", "undi",
            "kuze", "ami", "abo", "dja", "kel", "kes", "mininu", "mudjer", "omi", "kriolu", "djuda",
            "sabi", "oji", "manhan", "ntende", "ntendi", "pamodi", "kumi", "gosi", "kenha", "modi",
            "odja", "papia", "purgunta", "djobe", "atxa", "txoma", "nhos", "tanbe", "dretu", "fla",
            "kumesa", "kantu", "fiansa", "advogadu", "direitu", "mesti",
            "asina", "intende", "obi", "konxe", "dizdi", "ningen", "nau", "logu", "verdadi",
            "irmon", "pertu", "dinheru", "grasa", "imigrason", "organizason", "algen", "kal",
            "maridu", "kazu", "pega", "leba", "spera", "adivogadu", "atorni", "juis", "mora", "ku",
        }), one_will_do=True),
        typed=Typed(help="djuda", lawyer="advogadu", lang="lingua", stop="para"),
    ),
    Language(
        # Lowell's Cambodian families. Khmer script, which no other launch language writes, tells
        # it; it is written without spaces between words (hotline.text.UNSPACED).
        "km", "Khmer", "ខ្មែរ", "khmer", detector="km",
        font='"Noto Sans Khmer", "Noto Sans", sans-serif',  # Debian: fonts-noto-core
        typed=Typed(help="ជំនួយ", lawyer="មេធាវី", lang="ភាសា", stop="ឈប់"),
    ),
)
# fmt: on

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGE_LIST}

# Languages families here speak that directory entries' staff may speak, but that the hotline does
# not text in (yet), each named in English and in itself. A language that gets an entry above is
# left out of this list wherever it is read.
# fmt: off
SPOKEN_ONLY: dict[str, str] = {
    "ru": "Russian · Русский", "uk": "Ukrainian · Українська", "so": "Somali · Soomaali",
    "am": "Amharic · አማርኛ", "ti": "Tigrinya · ትግርኛ", "sw": "Swahili · Kiswahili",
    "ne": "Nepali · नेपाली", "hi": "Hindi · हिन्दी", "bn": "Bengali · বাংলা",
    "ur": "Urdu · اردو", "fa": "Persian · فارسی", "ps": "Pashto · پښتو", "tr": "Turkish · Türkçe",
    "ko": "Korean · 한국어", "ja": "Japanese · 日本語", "pl": "Polish · Polski",
    "it": "Italian · Italiano", "el": "Greek · Ελληνικά", "sq": "Albanian · Shqip",
    "yue": "Cantonese · 廣東話", "cmn": "Mandarin · 普通话", "ase": "American Sign Language",
}
# fmt: on
# The catalogs' source: what every other catalog translates, and what a text gets when no
# translation exists.
SOURCE_LANGUAGE = "en"
# The languages one reply goes out in when nothing says which a family reads: the source and the
# most texted other one.
WHEN_UNKNOWN: tuple[str, ...] = (SOURCE_LANGUAGE, "es")
