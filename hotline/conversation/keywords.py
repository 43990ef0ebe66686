"""The words families send: keywords that work from anywhere, and words that name a topic.

A keyword is the whole text, after trimming, Unicode NFKC, case folding and accent folding, so
"Stop", " STOP. " and "stóp" all match STOP, and "Dừng" matches "dung". A keyword wins over any menu
state. A topic word may stand anywhere in a text ("necesito un abogado" names legal help).

Both tables are written with their accents and folded the way texts are, so a word is found however
the family's phone writes it (قائمة and قايمة alike). Where a word belongs to one language, or to a
few, it also tells a new texter's language.
"""

from __future__ import annotations

import difflib
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
    NEWS = "news"  # the alert staff published, if any


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
        "quit": "en", "revoke": "en", "optout": "en", "opt out": "en", "opt-out": "en",
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
        "start": "en", "unstop": "en", "yes": "en", "restart": "en",
        "inicio": "es", "comenzar": "es", "empezar": "es", "sí": None,
        "iniciar": ("pt", "es"), "começar": "pt", "recomeçar": "pt", "sim": "pt", "voltar": "pt",
        "kòmanse": "ht", "rekòmanse": "ht", "wi": "ht",
        "开始": "zh", "開始": "zh_Hant", "重新开始": "zh", "重新開始": "zh_Hant",
        "是": ("zh", "zh_Hant"),
        "bắt đầu": "vi", "bắt đầu lại": "vi", "có": "vi",
        "ابدأ": "ar", "نعم": "ar",
        "commencer": "fr", "recommencer": "fr", "oui": "fr", "démarrer": "fr",
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
    Command.NEWS: {
        "news": "en", "noticias": ("es", "pt"), "novidades": "pt", "nouvèl": "ht",
        "nouvel": "ht", "新闻": "zh", "新聞": "zh_Hant", "消息": ("zh", "zh_Hant"),
        "tin tức": "vi", "tin mới": "vi", "أخبار": "ar", "الأخبار": "ar", "nouvelles": "fr",
        "actualités": "fr", "notisia": "kea", "nobidadi": "kea",
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
        # Each language's name in English and in the other launch languages.
        "haitian": "ht", "haitien": "ht", "haitiano": "ht", "créole haïtien": "ht",
        "criollo haitiano": "ht", "crioulo haitiano": "ht", "créole": "ht",
        "mandarin": "zh", "simplified chinese": "zh", "chino": "zh", "chinois": "zh", "chinês": "zh",
        "cantonese": "zh_Hant", "粤语": "zh_Hant", "粵語": "zh_Hant", "cantonés": "zh_Hant",
        "vietnamita": "vi", "vietnamien": "vi", "árabe": "ar", "arabe": "ar",
        "francés": "fr", "francês": "fr", "inglês": "en", "anglais": "en", "espagnol": "es",
        "espanhol": "es", "portugués": "pt", "portugais": "pt", "caboverdiano": "kea",
        "cabo verdiano": "kea", "capverdien": "kea",
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
        # Said as families say it (tests/corpus): getting out, holds, the prison door.
        "gets out": "en", "done his time": "en", "done her time": "en", "ice hold": None,
        "immigration hold": "en", "hold de inmigración": "es", "at the door": "en",
        "lo sueltan": "es", "la sueltan": "es", "lo van a soltar": "es", "cumple su tiempo": "es",
        "cumple su condena": "es", "salga de la prisión": "es", "salga de la cárcel": "es",
        "sale de la prisión": "es",
        "sai dia": "pt", "termina a pena": "pt", "cumpre a pena": "pt", "esperando lá fora": "pt",
        "sort de prison": "fr", "sort de la prison": "fr", "sortie": "fr", "relâcher": "fr",
        "relacher": "fr", "l'attendre devant": "fr",
        "lage l": "ht", "lage li": "ht", "fin fè tan": "ht", "fini santans": "ht", "hold ice": None,
        "release li": "ht", "lè li soti": "ht",
        "刑满": "zh", "刑滿": "zh_Hant", "放出来": "zh", "放出來": "zh_Hant", "放監": "zh_Hant",
        "出冊": "zh_Hant", "提人": ("zh", "zh_Hant"), "放佢": "zh_Hant",
        "ra tù": "vi", "mãn hạn tù": "vi", "thả ra": "vi", "lệnh giữ": "vi", "giữ lại": "vi",
        "ân xá": "vi", "ra trại": "vi",
        "*يطلع من": "ar", "*يخرج من": "ar", "نهار يخرج": "ar",
        "dia ki el sai": "kea", "porta di kadia": "kea",
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
        "where he is": "en", "where she is": "en", "where he went": "en", "where she went": "en",
        "where would": "en", "locate": "en", "looking for my": "en", "detention center": None,
        "busco a": "es", "buscar a": "es", "no aparece": "es", "donde lo tienen": "es",
        "donde la tienen": "es", "a dónde": "es", "adónde": "es", "lo movieron": "es",
        "la movieron": "es", "donde quedó": "es",
        "onde ele": "pt", "onde ela": "pt", "sumiu": "pt", "pra onde": "pt", "para onde": "pt",
        "foi parar": "pt", "mudar ele": "pt", "acho meu": "pt", "achar meu": "pt",
        "quel centre": "fr", "où il est": "fr", "où elle est": "fr", "déplacé": "fr",
        "déplacée": "fr", "introuvable": "fr",
        "deplase": "ht", "pa jwenn": "ht", "kote yo mete": "ht",
        "关在": "zh", "關喺": "zh_Hant", "喺邊": "zh_Hant", "邊度": "zh_Hant", "搵": "zh_Hant",
        "怎么找": "zh", "怎麼找": "zh_Hant", "咋找": "zh", "点找": "zh", "點搵": "zh_Hant",
        "转走": "zh", "轉走": "zh_Hant", "失联": "zh", "联系不上": "zh", "聯絡不到": "zh_Hant",
        "拘留中心": ("zh", "zh_Hant"), "拘留所": ("zh", "zh_Hant"), "居留所": ("zh", "zh_Hant"),
        "移民监": "zh", "移民監": "zh_Hant", "送到": ("zh", "zh_Hant"),
        "trại giam nào": "vi", "trại nào": "vi", "tra người": "vi", "bị đưa": "vi",
        "وين": "ar", "وينو": "ar", "فين": "ar", "مركز احتجاز": "ar", "ادور على": "ar",
        "*نقلوا": "ar",
        "kal detention": "kea", "ka obi nada": "kea",
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
        "stay quiet": "en", "stay silent": "en", "have to talk": "en", "have to answer": "en",
        "firme": "es", "firmes": "es", "firma": "es",
        "partida voluntária": "pt", "assina": "pt", "assine": "pt", "obrigado a responder": "pt",
        "garder le silence": "fr", "droit de se taire": "fr",
        "rete an silans": "ht", "pa reponn": "ht",
        "不签": "zh", "不簽": "zh_Hant", "签文件": "zh", "簽文件": "zh_Hant", "签个": "zh",
        "簽個": "zh_Hant", "簽紙": "zh_Hant", "签了": "zh", "簽了": "zh_Hant", "唔簽": "zh_Hant",
        "沉默": ("zh", "zh_Hant"),
        "ký vào": "vi", "nên ký": "vi", "ép": "vi", "không ký": "vi", "bắt ký": "vi",
        "*يسكت": "ar", "يجاوب": "ar", "*يسيني": "ar", "*يمضي": "ar",
        "asina": "kea", "interoga": "kea", "ka debe fla": "kea",
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
        "cotion": "fr", "garantie": "fr",
        "保金": ("zh", "zh_Hant"), "交保": ("zh", "zh_Hant"),
        "đóng tiền": "vi", "tiền thả": "vi",
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
        "legally": "en", "legal": "en", "fight his case": "en", "fight her case": "en",
        "licenciado": "es", "licenciada": "es", "abogao": "es", "legalmente": "es",
        "adivogado": "pt", "defensor público": "pt",
        "juridique": "fr", "juriste": "fr",
        "avokat": "ht",
        "大狀": "zh_Hant", "打官司": ("zh", "zh_Hant"), "法律帮助": "zh", "法律幫助": "zh_Hant",
        "pháp lý": "vi", "văn phòng luật": "vi",
        "افوكا": "ar", "*قانوني*": "ar",
        "adivogadu": "kea", "atorni": "kea", "representa": "kea",
    },
}
# fmt: on

# Words that fold alike must mean the same (noticias, notícias): tests/test_news.py checks it.
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
    # A word in Latin letters ends where Latin letters end: "bond" is found in 能bond出来 too.
    edge = r"[0-9a-z]" if fold(word).isascii() else r"\w"
    left = "" if word.startswith("*") else rf"(?<!{edge})"
    right = "" if word.endswith("*") else rf"(?!{edge})"
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


def topic_words(text: str) -> list[tuple[TopicWord, str]]:
    """Every topic word in the text, in order, with the word as found."""
    return [
        (_TOPIC_WORDS[found.group()], found.group())
        for found in _TOPIC_PATTERN.finditer(fold(text))
    ]


# "Where" says find someone only when nothing more precise is asked: "¿dónde pago la fianza?" is
# about bond, "where can I find a lawyer" about legal help.
_WHERE = frozenset(fold(word) for word in (
    "where is", "dónde está", "onde está", "ki kote li", "在哪", "ở đâu", "أين", "وين", "فين",
    "où est", "undi", "a dónde", "adónde", "pra onde", "para onde", "邊度", "喺邊", "tìm người",
    "搵", "送到", "kote li ye",
))  # fmt: skip
# A misspelt word of 5 letters or more is forgiven when it is this close to one word of a topic
# (difflib's ratio, as for towns): "adivogado", "transfered", "avocas", "lawer".
CLOSE_ENOUGH = 0.83
_SINGLE_WORDS: dict[str, list[str]] = {}
for _word in sorted(_TOPIC_WORDS):
    if _word.isascii() and _word.isalpha() and len(_word) >= 5:
        _SINGLE_WORDS.setdefault(_word[0], []).append(_word)


def topics_named(text: str) -> set[Topic]:
    """The topics a text names by their words ("where" only when it names nothing else)."""
    found = topic_words(text)
    if not found:
        found = _misspelt(text)
    strong = {word.topic for word, written in found if written not in _WHERE}
    return strong or {word.topic for word, _ in found}


def _misspelt(text: str) -> list[tuple[TopicWord, str]]:
    found = []
    for token in re.findall(r"[a-z]{5,}", fold(text)):
        similar = _SINGLE_WORDS.get(token[0], [])
        close = difflib.get_close_matches(token, similar, n=1, cutoff=CLOSE_ENOUGH)
        # Not a word's own start or end ("where" is no typo of "wheres").
        if close and token not in close[0]:
            found.append((_TOPIC_WORDS[close[0]], close[0]))
    return found


# Opting out, however it is said. Besides a STOP word alone, a text opts out when it is STOP words
# with only softening or repetition around them ("stop please", "STOP STOP", "请停止"), or when it
# asks in so many words to stop the texts ("Please stop texting me", "no me manden más mensajes").
# A STOP word inside any other sentence does not: "para" is also "for" in Spanish and Portuguese,
# "sair" is "to get out", and "they stopped my son" is news, not a request.
# fmt: off
_SOFTENING = (
    "please", "pls", "plz", "now", "thanks", "thank you", "ok", "okay", "already", "all",
    "it", "me", "texts", "messages", "this", "number",
    "por favor", "porfavor", "favor", "ya", "ahora", "gracias",
    "agora", "já", "obrigado", "obrigada", "faz favor", "mensagens",
    "tanpri", "souple", "silvouple", "mèsi", "kounye a",
    "请", "請", "谢谢", "謝謝", "吧",
    "làm ơn", "cảm ơn", "xin", "ngay",
    "من فضلك", "رجاء", "شكرا", "الآن",
    "s'il vous plaît", "s'il vous plait", "svp", "merci", "maintenant",
    "di favor", "pur favor", "obrigadu",
)
_ASKS_TO_STOP = (
    "stop texting", "stop messaging", "stop sending", "stop the texts", "stop these texts",
    "stop the messages", "stop contacting me", "no more texts", "no more messages",
    "unsubscribe", "opt out", "opt-out", "optout", "dont text me", "don't text me",
    "do not text me",
    "no me escriban", "no me manden", "no me envíen", "dejen de escribir", "dejen de enviar",
    "dejen de mandar", "no más mensajes", "darme de baja", "dar de baja",
    "pare de enviar", "parem de enviar", "pare de mandar", "parem de mandar",
    "não quero receber", "não mande mais", "não mandem mais", "descadastrar",
    "sispann voye", "mwen pa vle resevwa",
    "停止发送", "停止發送", "不要再发", "不要再發", "取消订阅", "取消訂閱", "退订", "退訂",
    "đừng nhắn", "ngừng gửi", "dừng gửi", "hủy đăng ký", "không muốn nhận",
    "توقفوا عن إرسال", "توقف عن إرسال", "إلغاء الاشتراك", "الغاء الاشتراك",
    "arrêtez de m'envoyer", "arrêtez d'envoyer", "ne plus recevoir", "me désabonner",
    "désinscrire", "para di manda",
)
# fmt: on


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted({fold(word) for word in words}, key=len, reverse=True)
    return re.compile("|".join(_pattern(word) for word in ordered))


_SOFTENING_PATTERN = _phrases(_SOFTENING)
_ASKS_TO_STOP_PATTERN = _phrases(_ASKS_TO_STOP)
_STOP_WORDS = frozenset(
    word for word, keyword in KEYWORDS.items() if keyword.command is Command.STOP
)


def asks_to_stop(text: str) -> bool:
    """Whether a text asks for no more texts in any launch language (see _ASKS_TO_STOP)."""
    folded = fold(text)
    if not folded:
        return False
    if _ASKS_TO_STOP_PATTERN.search(folded):
        return True
    rest = _SOFTENING_PATTERN.sub(" ", folded)
    words = [word for word in re.split(r"[^\w'-]+", rest) if word]
    # Chinese writes no spaces: what is left of 请停止 is 停止.
    return bool(words) and all(word in _STOP_WORDS for word in words)


# Thanks, yes and ok in every launch language, and emoji: a family being polite, not a question.
# A word of one language tells that language ("gracias"), as a keyword does.
# fmt: off
_THANKS: dict[str, Languages] = {
    "thanks": "en", "thank you": "en", "thank u": "en", "thx": "en", "ty": "en", "tks": "en",
    "ok": None, "okay": None, "okey": None, "k": None, "kk": None, "yes": "en", "yeah": "en",
    "yep": "en", "please": "en", "pls": "en", "great": "en", "good": "en", "cool": "en",
    "alright": "en", "all right": "en", "understood": "en", "got it": "en", "so much": "en",
    "very much": "en", "a lot": "en", "god bless": "en", "bless you": "en",
    "gracias": "es", "muchas": "es", "mil": "es", "vale": "es", "bueno": "es", "bien": "es",
    "sí": None, "si": None, "entendido": "es", "perfecto": "es", "claro": ("es", "pt"),
    "dios le bendiga": "es", "dios los bendiga": "es",
    "obrigado": "pt", "obrigada": ("pt", "kea"), "brigado": "pt", "valeu": "pt", "tá": "pt",
    "beleza": "pt", "certo": "pt", "sim": "pt", "entendi": "pt", "muito": "pt",
    "deus abençoe": "pt",
    "mèsi": "ht", "mèsi anpil": "ht", "anpil": "ht", "dakò": "ht", "oke": "ht", "wi": "ht",
    "bondye beni w": "ht",
    "谢谢": "zh", "謝謝": "zh_Hant", "多谢": "zh", "多謝": "zh_Hant", "感谢": "zh",
    "感謝": "zh_Hant", "好": None, "好的": None, "明白": None, "知道了": None, "是": None,
    "嗯": None,
    "cảm ơn": "vi", "cám ơn": "vi", "vâng": "vi", "dạ": "vi", "được": "vi", "có": "vi",
    "rồi": "vi", "nhiều": "vi",
    "شكرا": "ar", "جزيلا": "ar", "حسنا": "ar", "تمام": "ar", "طيب": "ar", "نعم": "ar",
    "مشكور": "ar", "الله يبارك فيك": "ar",
    "merci": "fr", "merci beaucoup": "fr", "beaucoup": "fr", "d'accord": "fr", "oui": "fr",
    "compris": "fr", "parfait": "fr", "très bien": "fr",
    "obrigadu": "kea", "brigadu": "kea", "dretu": "kea", "sin": "kea", "sta bom": "kea",
    "txeu": "kea",
}
# fmt: on
_THANKS_WORDS = {fold(word): _codes(languages) for word, languages in _THANKS.items()}
_THANKS_PATTERN = _phrases(tuple(_THANKS))


def _is_symbol(ch: str) -> bool:
    # Emoji and other pictographs, their skin tones and the selectors that join them.
    return unicodedata.category(ch) in ("So", "Sk", "Mn", "Me") or ch in "\ufe0f\u200d"


def is_thanks(text: str) -> bool:
    """Whether a text is only thanks, yes, ok or emoji ("ok thanks", "gracias!", "🙏")."""
    folded = fold(text)
    rest = _THANKS_PATTERN.sub(" ", folded)
    if any(ch.isalnum() and not _is_symbol(ch) for ch in rest):
        return False
    # Something was said: a thanks word, or an emoji (punctuation alone is not thanks).
    return rest != folded or any(_is_symbol(ch) for ch in text)


def thanks_language(text: str) -> str | None:
    """The one language the thanks words of a text belong to ("ok gracias": es), if one."""
    told = {
        code
        for found in _THANKS_PATTERN.finditer(fold(text))
        for code in _THANKS_WORDS[found.group()]
    }
    return told.pop() if len(told) == 1 else None
