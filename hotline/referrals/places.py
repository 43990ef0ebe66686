"""Turn what a texter sends (a ZIP code, a town, a county) into a place the directory understands."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from hotline.text import UNSPACED, fold, script

HOME_STATE = "MA"
MASSACHUSETTS_COUNTIES = (
    "Barnstable", "Berkshire", "Bristol", "Dukes", "Essex", "Franklin", "Hampden",
    "Hampshire", "Middlesex", "Nantucket", "Norfolk", "Plymouth", "Suffolk", "Worcester",
)  # fmt: skip
ZIP_CODE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
# "fall river ma", "Worcester, Massachusetts", "Brockton MA 02301": the state adds nothing.
_STATE_SUFFIX = re.compile(r"[\s,]+(?:ma|mass|massachusetts)(?:\s+\d{5})?$")
_COUNTY_WORDS = re.compile(
    r"\s+(?:county|co|condado|comte|konte)$|^(?:condado de|comte de|konte)\s+"
)
# Names families use that are not a post office's.
_ALIASES = {
    "marthas vineyard": "Dukes", "martha's vineyard": "Dukes", "the vineyard": "Dukes",
    "cape cod": "Barnstable", "the berkshires": "Berkshire", "berkshires": "Berkshire",
}  # fmt: skip
# Towns and neighbourhoods whose post office goes by another name, as (name to say, county).
_TOWN_ALIASES = {
    "yarmouth": ("Yarmouth", "Barnstable"), "tisbury": ("Tisbury", "Dukes"),
    "chinatown": ("Chinatown", "Suffolk"), "manchester-by-the-sea": ("Manchester-by-the-Sea", "Essex"),
    "marlboro": ("Marlborough", "Middlesex"),
}  # fmt: skip
# Names in the ZIP code data that belong to a company, not a place.
_NOT_PLACES = frozenset({"at&t", "com/energy services"})
# Massachusetts town names that are also everyday words in a launch language, or names of places
# elsewhere that families mention. Sent alone outside the place step they are not taken for a
# town ("ayer" is Spanish for yesterday); after "5", or with "MA" ("Ayer MA"), they are.
GUARDED_NAMES = frozenset({
    "ayer", "lee",  # Spanish: yesterday, (he) reads
    "reading", "revere", "concord", "accord", "orange", "hull", "ware", "heath", "sandwich",
    "gill",  # English (and French "orange")
    "florida", "peru", "holland", "wales", "berlin", "washington",  # places elsewhere
})  # fmt: skip
# A misspelling is forgiven when the name it resembles is this close (difflib's ratio).
CLOSE_ENOUGH = 0.84


@dataclass(frozen=True)
class Place:
    """Where a family is, as far as their text tells."""

    name: str  # what we understood, to say back: "Fall River", "02720", "Bristol County"
    state: str | None  # None: no such ZIP code
    county: str | None  # a county in the home state, without the word "County"
    kind: str = "zip"  # how the texter named it: "zip", "town" or "county"

    @property
    def in_home_state(self) -> bool:
        return self.state == HOME_STATE


def as_zip_code(text: str) -> str | None:
    """Return the 5-digit ZIP code when the text is only that (ZIP+4 allowed)."""
    found = ZIP_CODE.match(text)
    return found.group(1) if found else None


# The USPS data the hotline needs, as two small text files made from the `zipcodes` package by
# scripts/place-tables: every ZIP code by state, and each Massachusetts ZIP code's county and
# town names. Reading the package's own data would cost every server process 60 MB.
DATA = Path(__file__).resolve().parent / "data"
STATE_TABLE = DATA / "zip-codes-by-state.tsv"
MA_TABLE = DATA / "ma-zip-codes.tsv"


def table_texts() -> tuple[str, str]:
    """The two tables' text, made from the `zipcodes` package (scripts/place-tables)."""
    import zipcodes

    by_state: dict[str, set[str]] = defaultdict(set)
    home: dict[str, tuple[str, list[str]]] = {}
    for found in zipcodes.list_all():  # type: ignore[no-untyped-call]
        state, code = str(found.get("state") or ""), str(found["zip_code"])
        by_state[state].add(code)
        if state == HOME_STATE and code not in home:
            county = str(found.get("county") or "").removesuffix(" County")
            home[code] = (county, [found["city"], *found["acceptable_cities"]])
    note = "# Made by scripts/place-tables from the zipcodes package's USPS data. Do not edit.\n"
    states = note + "".join(
        f"{state}\t{' '.join(sorted(codes))}\n" for state, codes in sorted(by_state.items())
    )
    places = note + "".join(
        f"{code}\t{county}\t{'|'.join(towns)}\n" for code, (county, towns) in sorted(home.items())
    )
    return states, places


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@cache
def _zip_states() -> dict[str, str]:
    return {code: state for state, codes in _rows(STATE_TABLE) for code in codes.split()}


@cache
def _home_zip_codes() -> dict[str, tuple[str, list[str]]]:
    return {code: (county, towns.split("|")) for code, county, towns in _rows(MA_TABLE)}


def place_for_zip(zip_code: str) -> Place:
    """Look a ZIP code up in the USPS tables; no network, no database."""
    state = _zip_states().get(zip_code) or None
    if state is None:
        return Place(zip_code, None, None)
    county: str | None = None
    if state == HOME_STATE and zip_code in _home_zip_codes():
        county = _home_zip_codes()[zip_code][0]
    if county not in MASSACHUSETTS_COUNTIES:
        county = None
    return Place(zip_code, state, county)


@cache
def _towns() -> dict[str, tuple[str, str]]:
    """Folded town name -> (town as written, its county), from every home-state ZIP code."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    written: dict[str, str] = {}
    for county, towns in _home_zip_codes().values():
        for town in towns:
            key = fold(town)
            if key in _NOT_PLACES:
                continue
            counts[key][county] += 1
            written.setdefault(key, town)
    # A town on a county line belongs to the county most of its ZIP codes are in.
    towns_found = {key: (written[key], found.most_common(1)[0][0]) for key, found in counts.items()}
    aliases = {key: found for key, found in _TOWN_ALIASES.items() if key not in towns_found}
    return {**towns_found, **aliases}


@lru_cache(maxsize=64)
def _towns_starting(letter: str) -> list[str]:
    # A typo rarely changes the first letter: comparing with those towns only is 20 times faster.
    return [town for town in _towns() if town.startswith(letter)]


@cache
def _counties() -> dict[str, str]:
    return {fold(county): county for county in MASSACHUSETTS_COUNTIES}


def place_for_text(text: str, *, anywhere: bool = False) -> Place | None:
    """Understand a ZIP code, a home-state town or a county name, forgiving case, accents and typos.

    `anywhere`: the family was not asked for a place, so a name in GUARDED_NAMES (an everyday word
    too) counts only when followed by "MA" or "Massachusetts", and a town's name only as written.
    """
    zip_code = as_zip_code(text)
    if zip_code is not None:
        return place_for_zip(zip_code)
    folded = fold(text)
    name = _STATE_SUFFIX.sub("", folded).strip()
    if not name or len(name) > 40 or not any(ch.isalpha() for ch in name):
        return None
    place = _place_for_name(name)
    if place is None or not anywhere or name != folded:  # "Ayer MA" says it is the town
        return place
    if name in GUARDED_NAMES or fold(place.name) in GUARDED_NAMES:
        return None
    # Unasked, a typo is forgiven only for a long word close to a city (BROCKTN): "sale" is
    # Spanish, not Salem.
    typo = place.kind == "town" and name not in _towns()
    if typo and (len(name) < 6 or fold(place.name) not in _CITIES):
        return None
    return place


# Inside a sentence a town is named without typos forgiven ("sale" is not Salem), and only where
# it cannot be a word or a person: these cities, where most families live, anywhere; any other town
# after a word that places it ("en Lawrence", "nan Brockton", "em Framingham", "in Shirley") or
# before "MA". Chinese and Arabic names of the largest towns, anywhere.
_CITIES = frozenset({
    "boston", "worcester", "springfield", "cambridge", "lowell", "brockton", "quincy", "lynn",
    "new bedford", "fall river", "newton", "somerville", "lawrence", "framingham", "haverhill",
    "waltham", "malden", "medford", "taunton", "chicopee", "weymouth", "peabody", "methuen",
    "barnstable", "pittsfield", "attleboro", "everett", "salem", "westfield", "leominster",
    "fitchburg", "holyoke", "marlborough", "woburn", "chelsea", "randolph", "dorchester",
    "mattapan", "roxbury", "east boston", "jamaica plain", "hyde park", "chinatown", "brighton",
    "south boston", "charlestown", "milford", "hudson", "lynnfield", "marlboro",
})  # fmt: skip
# Where people are held (ICE's Burlington office, the Plymouth and Bristol jails): inside a sentence
# they say where someone is, not where the family wants help.
_HELD_AT = frozenset({"burlington", "plymouth", "dartmouth", "north dartmouth"})
_PLACING_WORDS = frozenset({
    "in", "at", "near", "around", "from", "to", "en", "de", "desde", "cerca", "em", "perto",
    "no", "na", "nan", "lan", "bo", "a", "au", "pres", "o", "tai", "gan", "ke", "di",
    "في", "من",
})  # fmt: skip
# fmt: off
_SCRIPT_TOWNS = {
    "波士顿": "Boston", "波士頓": "Boston", "昆西": "Quincy", "剑桥": "Cambridge", "劍橋": "Cambridge",
    "伍斯特": "Worcester", "沃斯特": "Worcester", "春田": "Springfield",
    "斯普林菲尔德": "Springfield", "斯普林菲爾德": "Springfield", "洛厄尔": "Lowell",
    "洛厄爾": "Lowell", "洛威尔": "Lowell", "洛威爾": "Lowell", "布罗克顿": "Brockton",
    "布羅克頓": "Brockton", "新贝德福德": "New Bedford", "新貝德福德": "New Bedford",
    "福尔里弗": "Fall River", "福爾里弗": "Fall River", "福尔河": "Fall River", "福爾河": "Fall River",
    "林恩": "Lynn", "牛顿": "Newton", "牛頓": "Newton", "萨默维尔": "Somerville",
    "薩默維爾": "Somerville", "劳伦斯": "Lawrence", "勞倫斯": "Lawrence", "弗雷明汉": "Framingham",
    "弗雷明漢": "Framingham", "黑弗里尔": "Haverhill", "黑弗里爾": "Haverhill", "沃尔瑟姆": "Waltham",
    "沃爾瑟姆": "Waltham", "莫尔登": "Malden", "莫爾登": "Malden", "麦尔登": "Malden",
    "麥爾登": "Malden", "梅德福": "Medford", "汤顿": "Taunton", "湯頓": "Taunton",
    "奇科皮": "Chicopee", "韦茅斯": "Weymouth", "韋茅斯": "Weymouth", "里维尔": "Revere",
    "里維爾": "Revere", "皮博迪": "Peabody", "梅休因": "Methuen", "皮茨菲尔德": "Pittsfield",
    "皮茨菲爾德": "Pittsfield", "阿特尔伯勒": "Attleboro", "阿特爾伯勒": "Attleboro",
    "埃弗里特": "Everett", "塞勒姆": "Salem", "菲奇堡": "Fitchburg", "霍利奥克": "Holyoke",
    "切尔西": "Chelsea", "切爾西": "Chelsea", "多切斯特": "Dorchester", "唐人街": "Chinatown",
    "华埠": "Chinatown", "華埠": "Chinatown", "昆市": "Quincy", "摩頓": "Malden", "摩顿": "Malden",
    "بوسطن": "Boston", "كوينسي": "Quincy", "كامبريدج": "Cambridge", "ورسستر": "Worcester",
    "وورسستر": "Worcester", "ووستر": "Worcester", "سبرينغفيلد": "Springfield",
    "سبرينجفيلد": "Springfield", "لويل": "Lowell", "بروكتون": "Brockton",
    "نيو بيدفورد": "New Bedford", "فول ريفر": "Fall River", "نيوتن": "Newton",
    "سومرفيل": "Somerville", "لورنس": "Lawrence", "لورانس": "Lawrence", "فرامنغهام": "Framingham",
    "فرامينغهام": "Framingham", "هافرهيل": "Haverhill", "والثام": "Waltham", "مالدن": "Malden",
    "ميدفورد": "Medford", "تونتون": "Taunton", "ريفير": "Revere", "بيبودي": "Peabody",
    "ميثوين": "Methuen", "إيفرت": "Everett", "ايفريت": "Everett", "تشيلسي": "Chelsea",
    "دورتشستر": "Dorchester", "ووترتاون": "Watertown",
    # Khmer, as Cambodian families in Lowell and Lynn write the towns.
    "ឡូវែល": "Lowell", "ឡូអែល": "Lowell", "ឡូវ៉ែល": "Lowell", "បូស្តុន": "Boston",
    "បូស្តន": "Boston", "លីន": "Lynn", "រីវៀរ": "Revere", "ឈែលសៀ": "Chelsea",
}
# fmt: on


def _alternatives(names: list[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_SCRIPT_NAMES = {fold(name): town for name, town in _SCRIPT_TOWNS.items()}
# Chinese and Khmer write no spaces; Arabic joins "and", "in", "to" to a name (ببوسطن, فسبرينغفيلد).
_UNSPACED_NAMES = _alternatives([name for name in _SCRIPT_NAMES if script(name) in UNSPACED])
_ARABIC_NAMES = _alternatives([name for name in _SCRIPT_NAMES if script(name) == "arabic"])
_SCRIPT_PATTERN = re.compile(
    rf"(?P<unspaced>{_UNSPACED_NAMES})|(?<!\w)(?:و?[بلف]?)(?P<arabic>{_ARABIC_NAMES})(?!\w)"
)
_SENTENCE_ZIP = re.compile(r"(?<![\d$.,])(\d{5})(?:-\d{4})?(?![\d.,]\d)")
# Words: runs of Latin letters and digits, or of letters of another script (麻省Lowell: two).
_WORD = re.compile(r"[0-9a-z'-]+|[^\W0-9a-z_]+")


def place_in_sentence(text: str) -> Place | None:
    """A Massachusetts ZIP code, town or county named inside a sentence ("necesito un abogado en
    lawrence", "my zip is 02124", "我住在昆西"); None when it names none (see _CITIES)."""
    folded = fold(text)
    for found in _SENTENCE_ZIP.finditer(folded):
        by_zip = place_for_zip(found.group(1))
        if by_zip.in_home_state:
            return by_zip
    found_script = _SCRIPT_PATTERN.search(folded)
    if found_script is not None:
        name = found_script.group("unspaced") or found_script.group("arabic")
        return _exact_place(fold(_SCRIPT_NAMES[name]))
    words = _WORD.findall(folded)
    for start in range(len(words)):
        for length in (3, 2, 1):
            name = " ".join(words[start : start + length])
            if len(words) - start < length or not _named_here(name, words, start, length):
                continue
            place = _exact_place(name)
            if place is not None:
                return place
    return None


def _named_here(name: str, words: list[str], start: int, length: int) -> bool:
    before = words[start - 1] if start else ""
    after = words[start + length] if start + length < len(words) else ""
    if after in ("ma", "mass", "massachusetts", "county", "condado", "konte", "comte"):
        return True
    if name in GUARDED_NAMES or name in _HELD_AT:
        return False
    return name in _CITIES or before in _PLACING_WORDS


@lru_cache(maxsize=4096)
def _exact_place(name: str) -> Place | None:
    """A town, a county or a name families use for one, exactly as written (no typo forgiven)."""
    towns, counties = _towns(), _counties()
    if name in towns:
        town, county = towns[name]
        return Place(town, HOME_STATE, county, "town")
    if name in _ALIASES:
        county = _ALIASES[name]
        return Place(f"{county} County", HOME_STATE, county, "county")
    if name in counties:
        county = counties[name]
        return Place(f"{county} County", HOME_STATE, county, "county")
    return None


@lru_cache(maxsize=4096)
def _place_for_name(name: str) -> Place | None:
    county_name = _COUNTY_WORDS.sub("", name)
    said_county = county_name != name
    towns, counties = _towns(), _counties()
    if said_county and county_name in counties:
        county = counties[county_name]
        return Place(f"{county} County", HOME_STATE, county, "county")
    exact = _exact_place(name)
    if exact is not None:
        return exact
    close = difflib.get_close_matches(name, _towns_starting(name[:1]), n=1, cutoff=CLOSE_ENOUGH)
    if close:
        town, county = towns[close[0]]
        return Place(town, HOME_STATE, county, "town")
    close = difflib.get_close_matches(county_name, list(counties), n=1, cutoff=CLOSE_ENOUGH)
    if close:
        county = counties[close[0]]
        return Place(f"{county} County", HOME_STATE, county, "county")
    return None
