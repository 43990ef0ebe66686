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
from functools import lru_cache

from hotline.text import UNSPACED, fold, script

from .topics import TOPICS, Languages, Topic


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
        "ឈប់": "km", "បញ្ឈប់": "km", "ឈប់ផ្ញើ": "km",
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
        "ចាប់ផ្តើម": "km", "ចាប់ផ្ដើម": "km", "ចាប់ផ្តើមឡើងវិញ": "km", "ចាប់ផ្ដើមឡើងវិញ": "km",
        "បាទ": "km", "ចាស": "km",
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
        "ជំនួយ": "km", "ជួយ": "km", "ជួយផង": "km", "ជួយខ្ញុំ": "km", "ជួយខ្ញុំផង": "km",
    },
    Command.MENU: {
        "menu": None, "0": None, "main": "en", "meni": "ht",
        "菜单": "zh", "菜單": "zh_Hant", "選單": "zh_Hant",
        "danh mục": "vi", "قائمة": "ar", "القائمة": "ar",
        "ម៉ឺនុយ": "km", "មីនុយ": "km",
    },
    Command.LANGUAGE_MENU: {
        "lang": None, "language": "en", "languages": "en", "idioma": ("es", "pt"), "lengua": "es",
        "língua": ("pt", "kea"), "lang la": "ht", "langue": "fr", "langage": "fr",
        "语言": "zh", "語言": "zh_Hant", "ngôn ngữ": "vi", "لغة": "ar", "اللغة": "ar",
        "ភាសា": "km",
    },
    Command.DELETE: {
        "delete": "en", "erase": "en", "borrar": "es", "apagar": "pt", "excluir": "pt",
        "efase": "ht", "删除": "zh", "刪除": "zh_Hant", "xóa": "vi", "حذف": "ar", "امسح": "ar",
        "effacer": "fr", "supprimer": "fr", "apaga": "kea",
        "លុប": "km", "លុបចោល": "km",
    },
    Command.NEWS: {
        "news": "en", "noticias": ("es", "pt"), "novidades": "pt", "nouvèl": "ht",
        "nouvel": "ht", "新闻": "zh", "新聞": "zh_Hant", "消息": ("zh", "zh_Hant"),
        "tin tức": "vi", "tin mới": "vi", "أخبار": "ar", "الأخبار": "ar", "nouvelles": "fr",
        "actualités": "fr", "notisia": "kea", "nobidadi": "kea",
        "ព័ត៌មាន": "km", "ពត៌មាន": "km", "ព័ត៍មាន": "km", "ដំណឹង": "km",
    },
    Command.MORE: {
        "more": "en", "next": "en", "más": ("es", "kea"), "mais": "pt", "plis": "ht",
        "更多": ("zh", "zh_Hant"), "thêm": "vi", "المزيد": "ar", "plus": "fr", "suite": "fr",
        "បន្ថែម": "km", "ទៀត": "km",
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
        "ខ្មែរ": "km", "ភាសាខ្មែរ": "km", "khmer": "km", "cambodian": "km", "khmae": "km",
        "khmai": "km", "camboyano": "km", "jemer": "km", "cambodgien": "km", "cambojano": "km",
        "tiếng khmer": "km", "tiếng miên": "km", "高棉语": "km", "高棉語": "km", "柬埔寨语": "km",
        "柬埔寨語": "km", "الخميرية": "km",
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
        "សួស្តី": "km", "សួស្ដី": "km", "ជំរាបសួរ": "km", "ជម្រាបសួរ": "km", "sousdey": "km",
    },
}

# fmt: on

# Words and phrases that name a topic, wherever they stand in a text: described with each topic
# (topics.TOPICS). "*" at an end lets the word run on there (Arabic joins "the", "and", "my" to its
# words); Chinese and Khmer words match anywhere.
TOPIC_WORDS: dict[Topic, dict[str, Languages]] = {
    entry.topic: {**entry.words, **entry.vague} for entry in TOPICS
}

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


def _pattern(word: str) -> str:
    core = re.escape(fold(word.strip("*")))
    # Chinese and Khmer put no spaces between words (text.UNSPACED): their words match anywhere.
    if script(word) in UNSPACED:
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


# What a family means is in its first lines: the matchers read this much of a text (a pasted page
# costs no more than a long text message).
READ = 480


def topic_words(text: str) -> list[tuple[TopicWord, str]]:
    """Every topic word in the text's first READ characters, in order, with the word as found."""
    return [
        (_TOPIC_WORDS[found.group()], found.group())
        for found in _TOPIC_PATTERN.finditer(fold(text)[:READ])
    ]


# Words that name a topic only when the text names no other (topics.WORDS_WHERE).
_VAGUE = frozenset(fold(word.strip("*")) for entry in TOPICS for word in entry.vague)
# A misspelt word of 5 letters or more is forgiven when it is this close to one word of a topic
# (difflib's ratio, as for towns): "adivogado", "transfered", "avocas", "lawer".
CLOSE_ENOUGH = 0.83
MISSPELT_WORDS = 40
_SINGLE_WORDS: dict[str, list[str]] = {}
for _word in sorted(_TOPIC_WORDS):
    if _word.isascii() and _word.isalpha() and len(_word) >= 5:
        _SINGLE_WORDS.setdefault(_word[0], []).append(_word)


def topics_named(text: str) -> set[Topic]:
    """The topics a text names by their words (a vague one only when it names nothing else)."""
    found = topic_words(text)
    if not found:
        found = _misspelt(text)
    strong = {word.topic for word, written in found if written not in _VAGUE}
    return strong or {word.topic for word, _ in found}


def _misspelt(text: str) -> list[tuple[TopicWord, str]]:
    found = []
    # A family's sentence, not a pasted page: the first words are enough, and bound the cost.
    for token in re.findall(r"[a-z]{5,}", fold(text))[:MISSPELT_WORDS]:
        similar = _SINGLE_WORDS.get(token[0], [])
        close = difflib.get_close_matches(token, similar, n=1, cutoff=CLOSE_ENOUGH)
        # Not a word's own start or end ("where" is no typo of "wheres").
        if close and token not in close[0]:
            found.append((_TOPIC_WORDS[close[0]], close[0]))
    return found


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted({fold(word) for word in words}, key=len, reverse=True)
    return re.compile("|".join(_pattern(word) for word in ordered))


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
    "អរគុណ": "km", "អរគុណច្រើន": "km", "អរគុណណាស់": "km", "អរគុណបង": "km", "បាទ": "km",
    "ចាស": "km", "ចាស៎": "km", "បាទបង": "km", "ចាសបង": "km", "អូខេ": "km", "យល់ហើយ": "km",
    "បានហើយ": "km", "ល្អ": "km", "ល្អណាស់": "km", "orkun": "km", "akun": "km",
}
# fmt: on
_THANKS_WORDS = {fold(word): _codes(languages) for word, languages in _THANKS.items()}
_THANKS_PATTERN = _phrases(tuple(_THANKS))


def _is_symbol(ch: str) -> bool:
    # Emoji and other pictographs, their skin tones and the selectors that join them.
    return unicodedata.category(ch) in ("So", "Sk", "Mn", "Me") or ch in "\ufe0f\u200d"


@lru_cache(maxsize=512)  # asked before a text is answered, and again when its language is weighed
def is_thanks(text: str) -> bool:
    """Whether a text is only thanks, yes, ok or emoji ("ok thanks", "gracias!", "🙏")."""
    if len(text) > READ:
        return False
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


# Opting out, however it is said. Besides a STOP word alone, a text opts out when it is STOP words
# with only softening or repetition around them ("stop please", "STOP STOP", "请停止"), or when it
# asks in so many words to stop the texts ("Please stop texting me", "no me manden más mensajes").
# A STOP word inside any other sentence does not: "para" is also "for" in Spanish and Portuguese,
# "sair" is "to get out", and "they stopped my son" is news, not a request.
# fmt: off
# Besides the thanks, yes and ok words above:
_SOFTENING = (
    "plz", "now", "already", "all", "it", "me", "texts", "messages", "this", "number",
    "por favor", "porfavor", "favor", "ya", "ahora", "agora", "já", "faz favor", "mensagens",
    "tanpri", "souple", "silvouple", "kounye a", "请", "請", "吧", "làm ơn", "xin", "ngay",
    "من فضلك", "رجاء", "الآن", "s'il vous plaît", "s'il vous plait", "svp", "maintenant",
    "di favor", "pur favor", "សូម", "ផង", "ឥឡូវនេះ",
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
    "ឈប់ផ្ញើសារ", "ឈប់ផ្ញើមក", "កុំផ្ញើសារមក", "កុំផ្ញើមកទៀត", "មិនចង់ទទួលសារ", "ឈប់ទទួលសារ",
)
# fmt: on


_SOFTENING_PATTERN = _phrases(_SOFTENING)
_ASKS_TO_STOP_PATTERN = _phrases(_ASKS_TO_STOP)
_STOP_WORDS = frozenset(
    word for word, keyword in KEYWORDS.items() if keyword.command is Command.STOP
)


def asks_to_stop(text: str) -> bool:
    """Whether a text asks for no more texts in any launch language (see _ASKS_TO_STOP)."""
    folded = fold(text)[:READ]
    if not folded:
        return False
    if _ASKS_TO_STOP_PATTERN.search(folded):
        return True
    rest = _SOFTENING_PATTERN.sub(" ", _THANKS_PATTERN.sub(" ", folded))
    words = [word for word in re.split(r"[^\w'-]+", rest) if word]
    # Chinese writes no spaces: what is left of 请停止 is 停止.
    return bool(words) and all(word in _STOP_WORDS for word in words)
