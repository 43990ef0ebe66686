"""The words that work from anywhere in a conversation, in every launch language.

A keyword is the whole text, after trimming, Unicode NFKC, case folding and accent folding, so
"Stop", " STOP. " and "stóp" all match STOP, and "Dừng" matches "dung". A keyword wins over any menu
state. Where a word belongs to one language only, it also tells a new texter's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hotline.text import fold


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


@dataclass(frozen=True)
class Keyword:
    command: Command
    language: str | None  # the one language this word belongs to, if only one


# word -> language, per command; None where several languages share the word.
# fmt: off
_TABLE: dict[Command, dict[str, str | None]] = {
    Command.STOP: {
        # Twilio's and the carriers' own opt-out words, then their translations.
        "stop": None, "stopall": "en", "unsubscribe": "en", "cancel": "en", "end": "en",
        "quit": "en", "revoke": "en", "optout": "en", "opt out": "en",
        "parar": None, "cancelar": None, "detener": "es", "baja": "es",
        "sair": "pt",
        "kanpe": "ht", "sispann": "ht", "rete": "ht",
        "停止": "zh", "退订": "zh",
        "dung": "vi", "huy": "vi", "ngung": "vi",
        "توقف": "ar", "الغاء": "ar", "ايقاف": "ar",
        "arret": "fr", "arreter": "fr", "desabonner": "fr",
    },
    Command.START: {
        "start": "en", "unstop": "en", "yes": "en",
        "inicio": "es", "comenzar": "es", "si": None,
        "iniciar": "pt", "sim": "pt", "voltar": "pt",
        "komanse": "ht", "wi": "ht",
        "开始": "zh", "是": "zh",
        "bat dau": "vi", "co": "vi",
        "ابدا": "ar", "نعم": "ar",
        "commencer": "fr", "oui": "fr", "demarrer": "fr",
    },
    Command.HELP: {
        "help": "en", "info": None,
        "ayuda": "es", "ajuda": "pt", "ed": "ht", "ede": "ht", "sekou": "ht",
        "帮助": "zh", "求助": "zh", "giup": "vi", "tro giup": "vi",
        "مساعدة": "ar", "aide": "fr",
    },
    Command.MENU: {
        "menu": None, "0": None, "main": "en", "meni": "ht",
        "菜单": "zh", "danh muc": "vi", "قائمة": "ar",
    },
    Command.LANGUAGE_MENU: {
        "lang": None, "language": "en", "languages": "en", "idioma": None, "lengua": "es",
        "lingua": "pt", "lang la": "ht", "langue": "fr", "langage": "fr",
        "语言": "zh", "語言": "zh", "ngon ngu": "vi", "لغة": "ar", "اللغة": "ar",
    },
    Command.DELETE: {
        "delete": "en", "erase": "en", "borrar": "es", "apagar": "pt", "excluir": "pt",
        "efase": "ht", "删除": "zh", "xoa": "vi", "حذف": "ar", "امسح": "ar",
        "effacer": "fr", "supprimer": "fr",
    },
    Command.MORE: {
        "more": "en", "next": "en", "mas": "es", "mais": "pt", "plis": "ht",
        "更多": "zh", "them": "vi", "المزيد": "ar", "plus": "fr", "suite": "fr",
    },
    Command.CHOOSE_LANGUAGE: {
        "english": "en", "ingles": "en",
        "espanol": "es", "spanish": "es", "castellano": "es",
        "portugues": "pt", "portuguese": "pt",
        "kreyol": "ht", "kreyol ayisyen": "ht", "creole": "ht", "haitian creole": "ht",
        "中文": "zh", "chinese": "zh", "普通话": "zh", "汉语": "zh",
        "tieng viet": "vi", "viet": "vi", "vietnamese": "vi",
        "العربية": "ar", "عربي": "ar", "arabic": "ar",
        "francais": "fr", "french": "fr",
    },
    Command.GREETING: {
        "hello": "en", "hi": "en", "hey": "en", "good morning": "en",
        "hola": "es", "buenas": "es", "buenos dias": "es", "buenas tardes": "es",
        "ola": "pt", "oi": "pt", "bom dia": "pt", "boa tarde": "pt",
        "bonjou": "ht", "bonswa": "ht", "sak pase": "ht",
        "你好": "zh", "您好": "zh",
        "xin chao": "vi", "chao": "vi",
        "مرحبا": "ar", "السلام عليكم": "ar", "سلام": "ar",
        "bonjour": "fr", "salut": "fr", "bonsoir": "fr",
    },
}
# fmt: on

KEYWORDS: dict[str, Keyword] = {
    word: Keyword(command, language)
    for command, words in _TABLE.items()
    for word, language in words.items()
}


def find_keyword(text: str) -> Keyword | None:
    """Return the keyword that the whole text is, if it is one."""
    return KEYWORDS.get(fold(text))
