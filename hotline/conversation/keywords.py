"""The words families send: keywords that work from anywhere, and words that name a topic.

A keyword is the whole text, after trimming, Unicode NFKC, case folding and accent folding, so
"Stop", " STOP. " and "stóp" all match STOP, and "Dừng" matches "dung". A keyword wins over any menu
state. A topic word may stand anywhere in a text ("necesito un abogado" names legal help).

Both tables are written with their accents and folded the way texts are, so a word is found however
the family's phone writes it (قائمة and قايمة alike). Where a word belongs to one language, or to a
few, it also tells a new texter's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from hotline.text import fold

from .content import Topic

# A word's languages: one code, a few codes, or None where every language uses it ("STOP", "0").
Languages = str | tuple[str, ...] | None


class Command(StrEnum):
    STOP = "stop"
    START = "start"
    HELP = "help"
    MENU = "menu"
    LANGUAGE_MENU = "language_menu"
    DELETE = "delete"
    MORE = "more"  # the next directory entries
    CHOOSE_LANGUAGE = "choose_language"  # the name of a language: switch to it
    GREETING = "greeting"  # only tells the language of a first text


def _codes(languages: Languages) -> tuple[str, ...]:
    if languages is None:
        return ()
    return (languages,) if isinstance(languages, str) else languages


@dataclass(frozen=True)
class Keyword:
    command: Command
    languages: tuple[str, ...]  # the languages the word belongs to; empty: every language

    @property
    def language(self) -> str | None:
        """The one language this word belongs to, if only one."""
        return self.languages[0] if len(self.languages) == 1 else None


# The words Twilio itself answers and opts out on SMS (the whole text, any case): after these the
# hotline sends nothing, since Twilio confirms. Every other STOP word gets our own confirmation.
TWILIO_OPT_OUT_WORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
)

# word -> languages, per command.
# fmt: off
_TABLE: dict[Command, dict[str, Languages]] = {
    Command.STOP: {
        # Twilio's and the carriers' own opt-out words, then their translations.
        "stop": None, "stopall": "en", "unsubscribe": "en", "cancel": "en", "end": "en",
        "quit": "en", "revoke": "en", "optout": "en", "opt out": "en",
        "parar": ("es", "pt"), "cancelar": ("es", "pt"), "detener": "es", "baja": "es",
        "sair": "pt",
        "kanpe": "ht", "sispann": "ht", "rete": "ht",
        "停止": ("zh", "zh_Hant"), "退订": "zh", "退訂": "zh_Hant",
        "dừng": "vi", "hủy": "vi", "ngừng": "vi",
        "توقف": "ar", "إلغاء": "ar", "إيقاف": "ar",
        "arrêt": "fr", "arrêter": "fr", "désabonner": "fr",
        "para": ("kea", "es", "pt"),
    },
    Command.START: {
        "start": "en", "unstop": "en", "yes": "en",
        "inicio": "es", "comenzar": "es", "sí": None,
        "iniciar": "pt", "sim": "pt", "voltar": "pt",
        "kòmanse": "ht", "wi": "ht",
        "开始": "zh", "開始": "zh_Hant", "是": ("zh", "zh_Hant"),
        "bắt đầu": "vi", "có": "vi",
        "ابدأ": "ar", "نعم": "ar",
        "commencer": "fr", "oui": "fr", "démarrer": "fr",
        "kumesa": "kea", "sin": "kea",
    },
    Command.HELP: {
        "help": "en", "help me": "en", "info": None,
        "ayuda": "es", "ayúdame": "es", "socorro": ("es", "pt"), "auxilio": ("es", "pt"),
        "ajuda": "pt",
        "èd": "ht", "ede": "ht", "sekou": "ht",
        "帮助": "zh", "幫助": "zh_Hant", "求助": ("zh", "zh_Hant"), "救命": ("zh", "zh_Hant"),
        "giúp": "vi", "trợ giúp": "vi", "giúp tôi": "vi",
        "مساعدة": "ar", "ساعدني": "ar",
        "aide": "fr", "aidez-moi": "fr",
        "djuda": "kea", "djudan": "kea", "djuda-m": "kea", "sokoru": "kea",
    },
    Command.MENU: {
        "menu": None, "0": None, "main": "en", "meni": "ht",
        "菜单": "zh", "菜單": "zh_Hant", "選單": "zh_Hant",
        "danh mục": "vi", "قائمة": "ar", "القائمة": "ar",
    },
    Command.LANGUAGE_MENU: {
        "lang": None, "language": "en", "languages": "en", "idioma": ("es", "pt"), "lengua": "es",
        "língua": ("pt", "kea"), "lang la": "ht", "langue": "fr", "langage": "fr",
        "语言": "zh", "語言": "zh_Hant", "ngôn ngữ": "vi", "لغة": "ar", "اللغة": "ar",
    },
    Command.DELETE: {
        "delete": "en", "erase": "en", "borrar": "es", "apagar": "pt", "excluir": "pt",
        "efase": "ht", "删除": "zh", "刪除": "zh_Hant", "xóa": "vi", "حذف": "ar", "امسح": "ar",
        "effacer": "fr", "supprimer": "fr", "apaga": "kea",
    },
    Command.MORE: {
        "more": "en", "next": "en", "más": ("es", "kea"), "mais": "pt", "plis": "ht",
        "更多": ("zh", "zh_Hant"), "thêm": "vi", "المزيد": "ar", "plus": "fr", "suite": "fr",
    },
    Command.CHOOSE_LANGUAGE: {
        "english": "en", "inglés": "en",
        "español": "es", "spanish": "es", "castellano": "es",
        "português": "pt", "portuguese": "pt",
        "kreyòl": "ht", "kreyòl ayisyen": "ht", "creole": "ht", "haitian creole": "ht",
        "中文": "zh", "chinese": "zh", "普通话": "zh", "汉语": "zh", "简体中文": "zh",
        "简体": "zh", "簡體中文": "zh", "繁體中文": "zh_Hant", "繁体中文": "zh_Hant",
        "繁體": "zh_Hant", "繁体": "zh_Hant", "正體中文": "zh_Hant", "廣東話": "zh_Hant",
        "traditional chinese": "zh_Hant",
        "tiếng việt": "vi", "việt": "vi", "vietnamese": "vi",
        "العربية": "ar", "عربي": "ar", "arabic": "ar",
        "français": "fr", "french": "fr",
        "kriolu": "kea", "kriolu kabuverdianu": "kea", "kabuverdianu": "kea", "crioulo": "kea",
        "cape verdean": "kea", "cape verdean creole": "kea",
    },
    Command.GREETING: {
        "hello": "en", "hi": "en", "hey": "en", "good morning": "en",
        "hola": "es", "buenas": "es", "buenos días": "es", "buenas tardes": "es",
        "olá": "pt", "oi": "pt", "bom dia": "pt", "boa tarde": "pt",
        "bonjou": "ht", "bonswa": "ht", "sak pase": "ht", "alo": "ht",
        "你好": ("zh", "zh_Hant"), "您好": ("zh", "zh_Hant"),
        "xin chào": "vi", "chào": "vi",
        "مرحبا": "ar", "السلام عليكم": "ar", "سلام": "ar",
        "bonjour": "fr", "salut": "fr", "bonsoir": "fr", "allô": "fr",
        "mantenha": "kea", "bon dia": "kea", "boa tardi": "kea", "bon tardi": "kea",
        "boa noti": "kea", "modi ki bu sta": "kea", "kuma ki bu sta": "kea", "sta dretu": "kea",
    },
}

# Words and phrases that name a topic, wherever they stand in a text. "*" at an end lets the word
# run on there: Arabic joins "the", "and", "my" to its words (المحامي, محاميا). Chinese words match
# anywhere, since Chinese puts no spaces between words. Keep words that mean one topic only: a text
# naming two topics gets the menu.
TOPIC_WORDS: dict[Topic, dict[str, Languages]] = {
    Topic.RELEASE_DAY: {
        "detainer": None, "detainers": None, "i-247": None,
        "release day": "en", "release date": "en", "getting out": "en", "parole": "en",
        "día de salida": "es", "fecha de salida": "es", "salir de la cárcel": "es",
        "sale de la cárcel": "es", "salir de prisión": "es", "sale de prisión": "es",
        "libertad condicional": "es", "orden de retención": "es",
        "dia da soltura": "pt", "data da soltura": "pt", "soltura": ("pt", "kea"),
        "dia di soltura": "kea", "sair da prisão": "pt",
        "sai da prisão": "pt", "sair da cadeia": "pt", "sai da cadeia": "pt",
        "liberdade condicional": "pt",
        "soti nan prizon": "ht", "sòti nan prizon": "ht", "jou li soti": "ht", "libète sou parol": "ht",
        "出狱": "zh", "出獄": "zh_Hant", "释放": "zh", "釋放": "zh_Hant", "假释": "zh",
        "假釋": "zh_Hant",
        "ngày ra tù": "vi", "sắp ra tù": "vi", "được ra tù": "vi", "được thả": "vi",
        "tạm tha": "vi", "yêu cầu giam giữ": "vi",
        "*الإفراج*": "ar", "*إفراج*": "ar", "إطلاق سراح": "ar", "الخروج من السجن": "ar",
        "jour de libération": "fr", "date de libération": "fr", "sortie de prison": "fr",
        "sortir de prison": "fr", "libération conditionnelle": "fr",
        "sai di kadia": "kea", "sai na kadia": "kea", "dia ki e ta sai": "kea",
    },
    Topic.FIND_SOMEONE: {
        "locator": None,
        "where is": "en", "where's": "en", "wheres": "en", "find my": "en", "find him": "en",
        "find her": "en", "find someone": "en", "transferred": "en", "which facility": "en",
        "dónde está": "es", "encontrar a": ("es", "pt"), "localizar": ("es", "pt"),
        "trasladaron": "es", "trasladado": "es", "trasladada": "es",
        "onde está": "pt", "transferido": ("pt", "es"), "transferida": ("pt", "es"),
        "kote li ye": "ht", "ki kote li": "ht", "jwenn li": "ht", "chèche li": "ht",
        "transfere": "ht",
        "在哪": ("zh", "zh_Hant"), "找人": ("zh", "zh_Hant"), "找不到": ("zh", "zh_Hant"),
        "查找": ("zh", "zh_Hant"), "转移": "zh", "轉移": "zh_Hant",
        "ở đâu": "vi", "tìm người": "vi", "tìm con": "vi", "tìm chồng": "vi", "tìm vợ": "vi",
        "bị chuyển": "vi", "chuyển trại": "vi",
        "أين": "ar", "مكانه": "ar", "البحث عن": "ar", "العثور على": "ar", "*نقلوه": "ar",
        "où est": "fr", "retrouver": "fr", "localiser": "fr", "transféré": "fr",
        "transférée": "fr",
        "undi": "kea", "transferidu": "kea", "djobe": "kea", "atxa": "kea",
    },
    Topic.RIGHTS: {
        "rights": "en", "sign": "en", "signing": "en", "stipulated": "en",
        "voluntary departure": "en", "remain silent": "en",
        "derechos": "es", "firmar": "es", "firmó": "es", "salida voluntaria": "es",
        "guardar silencio": "es",
        "direitos": "pt", "assinar": "pt", "assinou": "pt", "saída voluntária": "pt",
        "ficar calado": "pt",
        "dwa": "ht", "siyen": "ht", "depa volontè": "ht",
        "权利": "zh", "權利": "zh_Hant", "签字": "zh", "簽字": "zh_Hant", "签名": "zh",
        "簽名": "zh_Hant", "自愿离境": "zh", "自願離境": "zh_Hant",
        "quyền": "vi", "ký giấy": "vi", "ký tên": "vi", "tự nguyện rời": "vi",
        "*حقوق*": "ar", "*توقيع*": "ar", "أوقع": "ar", "يوقع": "ar", "المغادرة الطوعية": "ar",
        "droits": "fr", "signer": "fr", "signé": "fr", "départ volontaire": "fr",
        "direitu": "kea", "diretu": "kea", "sina": "kea", "sina papel": "kea",
    },
    Topic.BOND: {
        # "bond" is said in Spanish, Portuguese and Kreyòl too ("el bond"): it tells no language.
        "bond": None, "bonds": None, "bail": "en",
        "fianza": "es", "fiança": ("pt", "kea"),
        "kosyon": "ht",
        "保释": "zh", "保釋": "zh_Hant", "保证金": "zh", "保證金": "zh_Hant",
        "bảo lãnh": "vi", "tiền thế chân": "vi",
        "*كفالة*": "ar", "*كفاله*": "ar",
        "caution": "fr",
        "fiansa": "kea",
    },
    Topic.LEGAL_HELP: {
        "lawyer": "en", "lawyers": "en", "attorney": "en", "attorneys": "en",
        "legal help": "en", "legal aid": "en",
        "abogado": "es", "abogada": "es", "abogados": "es", "ayuda legal": "es",
        "advogado": "pt", "advogada": "pt", "advogados": "pt", "ajuda jurídica": "pt",
        "avoka": "ht", "èd legal": "ht",
        "律师": "zh", "律師": "zh_Hant", "法律援助": ("zh", "zh_Hant"),
        "luật sư": "vi", "trợ giúp pháp lý": "vi",
        "*محام*": "ar", "مساعدة قانونية": "ar",
        "avocat": "fr", "avocate": "fr", "aide juridique": "fr",
        "advogadu": "kea", "abogadu": "kea",
    },
}
# fmt: on

KEYWORDS: dict[str, Keyword] = {
    fold(word): Keyword(command, _codes(languages))
    for command, words in _TABLE.items()
    for word, languages in words.items()
}


def find_keyword(text: str) -> Keyword | None:
    """Return the keyword that the whole text is, if it is one."""
    return KEYWORDS.get(fold(text))


@dataclass(frozen=True)
class TopicWord:
    topic: Topic
    languages: tuple[str, ...]  # empty: every language uses it


def _is_han(word: str) -> bool:
    return any("CJK" in unicodedata.name(ch, "") for ch in word)


def _pattern(word: str) -> str:
    core = re.escape(fold(word.strip("*")))
    if _is_han(word):
        return core
    left = "" if word.startswith("*") else r"(?<!\w)"
    right = "" if word.endswith("*") else r"(?!\w)"
    return left + core + right


_TOPIC_WORDS: dict[str, TopicWord] = {
    fold(word.strip("*")): TopicWord(topic, _codes(languages))
    for topic, words in TOPIC_WORDS.items()
    for word, languages in words.items()
}
# One pass over the text finds every topic word; longer words are tried first.
_TOPIC_PATTERN = re.compile(
    "|".join(
        _pattern(word)
        for word in sorted(
            (word for words in TOPIC_WORDS.values() for word in words), key=len, reverse=True
        )
    )
)


def topic_words(text: str) -> list[TopicWord]:
    """Every topic word in the text, in order."""
    return [_TOPIC_WORDS[found.group()] for found in _TOPIC_PATTERN.finditer(fold(text))]


def topics_named(text: str) -> set[Topic]:
    """The topics a text names by their words."""
    return {word.topic for word in topic_words(text)}
