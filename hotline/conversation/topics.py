"""The know-your-rights topics, each described once: its stable name, its place in the menu, its
menu line, its pages (with the facts they come from), the words that name it, and the kinds of help
that answer it. The menu, the flyers, the stats labels, the directory's ranking, the budgets and the
tests all read them from here.

Adding a topic is one entry in TOPICS (and its name in Topic), then its texts in the catalogs.
A page's name ("lunn") is its stable id: keep it when its text changes, and never reuse one.
Every page must fit 4 SMS segments in every language with its footer, so a page says one thing.
Sources: shared/kyr-facts.md, whose section and source are named beside each text; nothing it marks
[verify] is said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .marking import N_


class Topic(StrEnum):
    """A know-your-rights topic, by a stable name: stored in conversations and usage counts."""

    RELEASE_DAY = "release_day"
    FIND_SOMEONE = "find_someone"
    RIGHTS = "rights"
    BOND = "bond"
    LEGAL_HELP = "legal_help"


# A word's languages: one code, a few codes, or None where every language uses it ("detainer").
Languages = str | tuple[str, ...] | None


@dataclass(frozen=True)
class TopicEntry:
    topic: Topic
    number: str  # how the menu numbers it today ("1"); families reply with it
    label: str  # its menu line, without the number (also its name on the usage page)
    # Its pages in order, each by a name that stays when its text changes (the admin keeps edits
    # and translations by it). None: the topic asks for a place and lists help there.
    pages: dict[str, str] = field(default_factory=dict)
    # Words and phrases that name it wherever they stand in a text (see keywords.TOPIC_WORDS),
    # and those that name it only when the text names no other topic.
    words: dict[str, Languages] = field(default_factory=dict)
    vague: dict[str, Languages] = field(default_factory=dict)
    # The kinds of directory help that answer it best (referrals.kinds.KINDS).
    kinds: frozenset[str] = frozenset()


# kyr-facts "Rights in ICE custody": "People with an old deportation order or some convictions
# may not get a hearing or a bond; this is exactly why they should reach a lawyer fast." Said on
# the release-day, rights and bond pages, as a question for a lawyer.
NO_HEARING_WARNING = N_(
    "Ask a lawyer fast about any old deportation order or conviction: with some, a person may "
    "get no hearing before a judge and no bond."
)
# Pages whose wording about who gets what a lawyer must approve (kyr-facts marks it so): `hotline
# content status` lists them until an attorney's review covers the English text.
ATTORNEY_WORDING = frozenset({NO_HEARING_WARNING})


# Words and phrases that name each topic, wherever they stand in a text (keywords.topics_named). "*" at an end lets the word
# run on there: Arabic joins "the", "and", "my" to its words (المحامي, محاميا). Chinese and Khmer
# words match anywhere, since neither puts spaces between words. Keep words that mean one topic
# only: a text naming two topics gets the menu.
# fmt: off
WORDS_RELEASE_DAY: dict[str, Languages] = {
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
    "ចេញពីគុក": "km", "ចេញគុក": "km", "ចេញពីពន្ធនាគារ": "km", "ចេញពន្ធនាគារ": "km",
    "ផុតទោស": "km", "ដោះលែង": "km", "ថ្ងៃចេញ": "km", "មាត់ទ្វារគុក": "km", "មុខគុក": "km",
    "chenh kuk": "km", "chenh pi kuk": "km",
}
WORDS_FIND_SOMEONE: dict[str, Languages] = {
    "locator": None,
    "where's": "en", "wheres": "en", "find my": "en", "find him": "en",
    "find her": "en", "find someone": "en", "transferred": "en", "which facility": "en",
    "encontrar a": ("es", "pt"), "localizar": ("es", "pt"),
    "trasladaron": "es", "trasladado": "es", "trasladada": "es",
    "transferido": ("pt", "es"), "transferida": ("pt", "es"),
    "jwenn li": "ht", "chèche li": "ht",
    "transfere": "ht",
    "找人": ("zh", "zh_Hant"), "找不到": ("zh", "zh_Hant"),
    "查找": ("zh", "zh_Hant"), "转移": "zh", "轉移": "zh_Hant",
    "tìm con": "vi", "tìm chồng": "vi", "tìm vợ": "vi",
    "bị chuyển": "vi", "chuyển trại": "vi",
    "مكانه": "ar", "البحث عن": "ar", "العثور على": "ar", "*نقلوه": "ar",
    "retrouver": "fr", "localiser": "fr", "transféré": "fr",
    "transférée": "fr",
    "transferidu": "kea", "djobe": "kea", "atxa": "kea",
    "where he is": "en", "where she is": "en", "where he went": "en", "where she went": "en",
    "where would": "en", "locate": "en", "looking for my": "en", "detention center": None,
    "busco a": "es", "buscar a": "es", "no aparece": "es", "donde lo tienen": "es",
    "donde la tienen": "es", "lo movieron": "es",
    "la movieron": "es", "donde quedó": "es",
    "onde ele": "pt", "onde ela": "pt", "sumiu": "pt",     "foi parar": "pt", "mudar ele": "pt", "acho meu": "pt", "achar meu": "pt",
    "quel centre": "fr", "où il est": "fr", "où elle est": "fr", "déplacé": "fr",
    "déplacée": "fr", "introuvable": "fr",
    "deplase": "ht", "pa jwenn": "ht", "kote yo mete": "ht",
    "关在": "zh", "關喺": "zh_Hant",     "怎么找": "zh", "怎麼找": "zh_Hant", "咋找": "zh", "点找": "zh", "點搵": "zh_Hant",
    "转走": "zh", "轉走": "zh_Hant", "失联": "zh", "联系不上": "zh", "聯絡不到": "zh_Hant",
    "拘留中心": ("zh", "zh_Hant"), "拘留所": ("zh", "zh_Hant"), "居留所": ("zh", "zh_Hant"),
    "移民监": "zh", "移民監": "zh_Hant",     "trại giam nào": "vi", "trại nào": "vi", "tra người": "vi", "bị đưa": "vi",
    "وينو": "ar", "مركز احتجاز": "ar", "ادور على": "ar",
    "*نقلوا": "ar",
    "kal detention": "kea", "ka obi nada": "kea",
    "រកមិនឃើញ": "km", "រកប្តី": "km", "រកប្ដី": "km", "រកកូន": "km", "រកប្អូន": "km",
    "រកបងប្រុស": "km", "រកឪពុក": "km", "រកម្តាយ": "km", "រកម្ដាយ": "km", "រកមនុស្ស": "km",
    "គុកផ្សេង": "km", "កន្លែងឃុំផ្សេង": "km", "រដ្ឋផ្សេង": "km", "ផ្ទេរគាត់": "km",
    "ប្តូរគុក": "km", "ប្ដូរគុក": "km", "មណ្ឌលឃុំ": "km", "បាត់ទំនាក់ទំនង": "km",
}
# "Where" names finding someone only when a text names nothing more precise: "¿dónde pago la
# fianza?" is about bond, "where can I find a lawyer" about legal help (keywords.topics_named).
WORDS_WHERE: dict[str, Languages] = {
    "where is": "en", "dónde está": "es", "onde está": "pt", "ki kote li": "ht",
    "kote li ye": "ht", "在哪": ("zh", "zh_Hant"), "ở đâu": "vi", "tìm người": "vi", "أين": "ar",
    "وين": "ar", "فين": "ar", "où est": "fr", "undi": "kea", "a dónde": "es", "adónde": "es",
    "pra onde": "pt", "para onde": "pt", "邊度": "zh_Hant", "喺邊": "zh_Hant", "搵": "zh_Hant",
    "送到": ("zh", "zh_Hant"),
    "នៅឯណា": "km", "ឯណា": "km", "ទៅណា": "km", "បញ្ជូនគាត់ទៅ": "km",
}
WORDS_RIGHTS: dict[str, Languages] = {
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
    "សិទ្ធិ": "km", "ហត្ថលេខា": "km", "ស៊ីញ៉េ": "km", "ស៊ីញេ": "km", "នៅស្ងៀម": "km",
    "ត្រូវឆ្លើយ": "km", "ឆ្លើយសំណួរ": "km", "ចាកចេញដោយស្ម័គ្រចិត្ត": "km",
    "ចេញដោយស្ម័គ្រចិត្ត": "km",
}
WORDS_BOND: dict[str, Languages] = {
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
    "ប្រាក់ធានា": "km", "លុយធានា": "km", "បង់ធានា": "km", "ធានាចេញ": "km", "ធានាខ្លួន": "km",
}
WORDS_LEGAL_HELP: dict[str, Languages] = {
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
    "មេធាវី": "km", "ផ្លូវច្បាប់": "km", "ផ្នែកច្បាប់": "km", "ខាងច្បាប់": "km",
    "ជំនួយច្បាប់": "km", "meteavy": "km", "metheavy": "km", "meteavi": "km",
}
# fmt: on


# fmt: off
TOPICS: tuple[TopicEntry, ...] = (
    TopicEntry(
        Topic.RELEASE_DAY, "1", N_("Release day & detainers"),
        pages={
            # kyr-facts "Detainers": Form I-247A, 8 C.F.R. 287.7; a request from ICE, not a warrant.
            "detainer": N_(
                "A detainer asks a prison to hold someone up to 48 hours past release so ICE can "
                "take them. It is a request from ICE, not a judge's warrant."
            ),
            # kyr-facts "The situation": the DOC 287(g) agreement; handover even after parole
            # approval; county jails too (Bolts Magazine 2026-02-09; ICE's 287(g) page).
            "handover": N_(
                "Under 287(g), MA prison (DOC) officers can hand people to ICE at the gate, even "
                "after the parole board approved release. County jails can let ICE take people too."
            ),
            # kyr-facts "Detainers": Lunn v. Commonwealth, 477 Mass. 517 (2017); 287(g) the exception.
            "lunn": N_(
                "MA law gives officers no power to hold someone only because of an ICE detainer "
                "(Lunn v. Commonwealth, 2017). The prisons' 287(g) agreement is the exception."
            ),
            # kyr-facts "Rights in ICE custody": old orders and convictions (worded as "ask a lawyer";
            # the facts sheet asks a lawyer to word who gets what: ATTORNEY_WORDING below).
            "no_hearing": NO_HEARING_WARNING,
            # kyr-facts "The situation": moved fast to Maine or Rhode Island, then far states.
            "moved": N_(
                "After the handover, people are often moved within days: to Maine or Rhode Island, "
                "then to states far away, like Texas or Louisiana."
            ),
            # kyr-facts "What families can do", step 1.
            # kyr-facts "Finding someone": the A-number is on most immigration papers.
            "before": N_(
                "Before release day: ask a lawyer now if there is a detainer. Write down the "
                "A-number (it is on most immigration papers), DOC number, release date and prison."
            ),
            # kyr-facts "What families can do", steps 1 and 2.
            "defense_lawyer": N_(
                "Ask the criminal defense lawyer about the immigration side of the case. Line up "
                "legal help before the release date."
            ),
        },
        words=WORDS_RELEASE_DAY,
        kinds=frozenset({"removal_defense", "post_conviction", "legal_orientation"}),
    ),
    TopicEntry(
        Topic.FIND_SOMEONE, "2", N_("Find someone held by ICE"),
        pages={
            # kyr-facts "Finding someone": the Online Detainee Locator and how to search it.
            "locator": N_(
                "Use ICE's locator: locator.ice.gov. Search with the A-number (9 digits: put a 0 "
                "in front of an 8-digit one) and country of birth."
            ),
            # kyr-facts "Finding someone": search by exact name; shows the facility and its phone.
            "by_name": N_(
                "Or search with the exact first and last name and country of birth. It shows the "
                "facility and its phone number."
            ),
            # kyr-facts "Finding someone": custody now or released within 60 days; not under 18;
            # can lag behind a transfer.
            "locator_gaps": N_(
                "The locator does not show people under 18 or released over 60 days ago, and can "
                "be hours behind a transfer."
            ),
            # kyr-facts "Finding someone": EOIR line, 24 hours, with the A-number; ICE's detention
            # information line (its hours are not verified, so none are given).
            "phone_lines": N_(
                "Immigration court dates, 24 hours, with the A-number: 1-800-898-7180. ICE "
                "detention information line: 1-888-351-4024."
            ),
            # kyr-facts "What families can do", step 3.
            "after_transfer": N_(
                "After a transfer, call the facility. Keep every paper, like a Notice to Appear "
                "or court papers."
            ),
        },
        words=WORDS_FIND_SOMEONE,
        vague=WORDS_WHERE,
        kinds=frozenset({"rapid_response", "government_info", "legal_orientation", "consulate"}),
    ),
    TopicEntry(
        Topic.RIGHTS, "3", N_("Rights, what not to sign"),
        pages={
            # kyr-facts "Rights in ICE custody": silence about birthplace and status; no lies.
            "silence": N_(
                "Tell your loved one: you may stay silent about where you were born and your "
                "status. Never lie, and never show false papers."
            ),
            # kyr-facts "Rights in ICE custody": do not sign without a lawyer.
            "signing": N_(
                "Do not sign papers you do not understand before talking to a lawyer, above all "
                'a "stipulated removal" or "voluntary departure".'
            ),
            # kyr-facts "Rights in ICE custody": what a stipulated removal order is.
            "stipulated_removal": N_(
                "A stipulated removal gives up your hearing before a judge and becomes a "
                "deportation order."
            ),
            "no_hearing": NO_HEARING_WARNING,
            # kyr-facts "Rights in ICE custody": INA 292, 8 U.S.C. 1362; nonprofits, EOIR's pro bono
            # lists, legal orientation programs.
            "right_to_lawyer": N_(
                "You have a right to a lawyer, but the government does not pay one. Free help: "
                "nonprofits, the immigration court's free lawyer lists, legal orientation."
            ),
            # kyr-facts "Rights in ICE custody": calls to family, a lawyer, the consulate.
            "calls": N_("You may call your family, a lawyer and your country's consulate."),
        },
        words=WORDS_RIGHTS,
        kinds=frozenset({"removal_defense", "legal_orientation", "consulate", "detention_conditions"}),
    ),
    TopicEntry(
        Topic.BOND, "4", N_("Bond, what family can do"),
        pages={
            # kyr-facts "Bond": ICE or an immigration judge; usual amounts (Beyond Bond FAQ); never
            # a promise.
            "amounts": N_(
                "ICE or an immigration judge may set a bond, often from $1,500 to over $20,000. "
                "No one can promise a bond."
            ),
            "no_hearing": NO_HEARING_WARNING,
            # kyr-facts "Kinds of help": bond funds (the Beyond Bond fund among them); the directory
            # lists those staff entered.
            "bond_funds": N_(
                "Some groups, called bond funds, help families pay a bond. Reply 5 to find help "
                "near you."
            ),
            # kyr-facts "Bond": Matter of Yajure Hurtado (BIA, Sept. 2025) and the rulings after it.
            "hearings_changing": N_(
                "Who can get a bond hearing changed in 2025-2026 and is still changing. A lawyer "
                "can tell you if a bond hearing or a federal habeas petition is possible."
            ),
            # kyr-facts "Bond": proof families can gather now.
            "proof": N_(
                "Gather proof now: address, family ties, job letters, program certificates, "
                "letters of support, ID."
            ),
            # kyr-facts "What families can do", step 4.
            "support": N_(
                "Put money on the phone and commissary accounts. Plan childcare, and keep copies "
                "of documents safe."
            ),
        },
        words=WORDS_BOND,
        kinds=frozenset({"bond_representation", "bond_fund"}),
    ),
    TopicEntry(
        Topic.LEGAL_HELP, "5", N_("Legal help near you"),
        words=WORDS_LEGAL_HELP,
    ),
)
# fmt: on

BY_TOPIC: dict[Topic, TopicEntry] = {entry.topic: entry for entry in TOPICS}
# The numbered menu's choices, and each topic's pages.
MENU_NUMBERS: dict[str, Topic] = {entry.number: entry.topic for entry in TOPICS}
TOPIC_PAGES: dict[Topic, tuple[str, ...]] = {
    entry.topic: tuple(entry.pages.values()) for entry in TOPICS if entry.pages
}
