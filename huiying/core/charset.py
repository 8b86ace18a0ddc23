"""Decode fetched bytes to text, getting GB18030 and Big5 right even when they are
declared wrongly or not at all (common on Chinese government and news sites).

Order: a BOM wins; then a declaration (HTTP header, then XML declaration / HTML meta)
is trusted if the bytes decode strictly under it and the text is about as plausible as
the best alternative; otherwise the strictly-decoding candidate with the best
plausibility score wins. Only when nothing decodes strictly do we decode with
replacement characters, and only when even that gives no sensible text do we give up.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import charset_normalizer
import zhconv_rs

from huiying.core.fetch_errors import FetchError

GB = "gb18030"  # superset of gb2312 and gbk: a "gb2312" page often uses 镕, 喆, 堃
# big5hkscs decodes ~18,400 byte pairs against cp950's ~13,750 (HKSCS characters used in
# Hong Kong texts), and maps C6A1.. to ①②… where cp950 gives kana; cp950 alone has € (A3E1)
# and a few kana, so it is the fallback when big5hkscs fails.
BIG5 = ("big5hkscs", "cp950")
WESTERN = "cp1252"  # what browsers use for a declared iso-8859-1 / us-ascii
DETECT_ORDER = ("utf-8", GB, *BIG5)

_ALIASES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "gb2312",
            "gbk",
            "x-gbk",
            "cp936",
            "ms936",
            "windows-936",
            "euc-cn",
            "csgb2312",
            "gb_2312-80",
            "gb_2312",
            "chinese",
            "iso-ir-58",
            "gb18030",
            "gb-18030",
        ),
        (GB,),
    ),
    **dict.fromkeys(
        (
            "big5",
            "big-5",
            "big5-hkscs",
            "big5hkscs",
            "cn-big5",
            "x-x-big5",
            "csbig5",
            "cp950",
            "ms950",
            "windows-950",
            "x-big5",
        ),
        BIG5,
    ),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"), ("utf-8",)),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"),
        (WESTERN,),
    ),
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", GB),  # U+FEFF in GB18030
)

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_META = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 8192  # sites put long scripts and comments before their meta tag

# The most frequent characters of Chinese running text, plus the vocabulary of notices
# and complaints. Text decoded under the wrong codec hits these rarely.
_COMMON_HANS = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着"
    "下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好"
    "小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知"
    "全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身"
    "果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论"
    "处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做"
    "接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却"
    "界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术"
    "领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往"
    "元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花"
    "党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八"
    "功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注"
    "语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩"
    "验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河"
    "米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸"
    "职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送"
    "急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树"
    "疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配"
    "征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁"
    "控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付"
    "伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湖钟奖阻浪陷谢"
    "盖智障街镇县告知街道办事群众投咨询回热线积排污染卫健疗住补贴就业养老疫情控急消防食"
    "品督执法检整改况通报召布新闻记者采访媒平台窗审批申材料公示截止日期联系话址梯旧楼栋"
    "物业维修停车噪扰居委拆迁征收租赁供暖燃气自来水垃圾分类绿化公园地铁公交堵塞施工"
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used
    declared: str | None  # the label as declared (header first, then document)
    how: Literal["bom", "declared", "detected"]
    replaced: int  # characters replaced with U+FFFD because their bytes did not decode


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    return frozenset(_COMMON_HANS) | frozenset(zhconv_rs.zhconv(_COMMON_HANS, "zh-hant"))


_NOT_PLAIN_ASCII = re.compile(r"[^\t\n\r\x20-\x7e]")
_SCORE_SAMPLE = 20_000


def _char_weight(ch: str, common: frozenset[str]) -> float:
    if ch in common:
        return 1.0
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF or 0x1F000 <= o <= 0x1FAFF:  # other Han, emoji: neutral
        return 0.0
    if (
        0x3000 <= o <= 0x303F
        or 0x2010 <= o <= 0x2027
        or 0xFF01 <= o <= 0xFF0F
        or 0xFF1A <= o <= 0xFF1F
    ):
        return 0.5  # CJK and full-width punctuation, quotes, dashes, ellipsis
    if (
        o < 0x20  # control characters
        or 0x7F <= o <= 0x9F
        or 0x2500 <= o <= 0x257F  # box drawing
        or 0x3040 <= o <= 0x312F  # kana, bopomofo: Big5/GB rows misread as each other
        or 0x3130 <= o <= 0x318F
        or 0x3400 <= o <= 0x4DBF  # extension A: rare in real text, common in misreads
        or 0xAC00 <= o <= 0xD7AF
        or 0xE000 <= o <= 0xF8FF  # private use
        or 0xF900 <= o <= 0xFAFF
        or 0xFF61 <= o <= 0xFF9F
        or o == 0xFFFD
        or 0x20000 <= o <= 0x3FFFF
    ):
        return -1.0
    return 0.0


def plausibility(text: str) -> float:
    """From -1 (garbage) to 1 (every non-ASCII character a common Chinese one or
    CJK punctuation). Plain ASCII scores 1: any codec reads it the same."""
    common = _common_han()
    total = 0.0
    n = 0
    for match in itertools.islice(_NOT_PLAIN_ASCII.finditer(text), _SCORE_SAMPLE):
        total += _char_weight(match.group(), common)
        n += 1
    return 1.0 if n == 0 else total / n


def _normalise_label(label: str) -> tuple[str, ...]:
    label = label.strip().strip("\"'").lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        name = codecs.lookup(label).name
        b"".decode(name)  # refuses codecs that are not text encodings (base64, zlib…)
    except LookupError:
        return ()
    return (name,)


def _declarations(body: bytes, content_type: str | None) -> list[str]:
    found: list[str] = []
    if content_type and (header := _HEADER_CHARSET.search(content_type)):
        found.append(header.group(1).lower())
    head = body[:_SNIFF_BYTES]
    for pattern in (_XML_DECL, _META):
        if in_doc := pattern.search(head):
            found.append(in_doc.group(1).decode("ascii").lower())
    return found


def sniff_declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset label the response declares: the HTTP header's, else the XML
    declaration's or HTML meta tag's. Lower-cased, not normalised (e.g. "gb2312")."""
    found = _declarations(body, content_type)
    return found[0] if found else None


@dataclass(frozen=True)
class _Option:
    encoding: str
    text: str
    score: float
    replaced: int


def _strict(body: bytes, encoding: str) -> _Option | None:
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return _Option(encoding, text, plausibility(text), 0)


def _from_bom(body: bytes, declared: str | None) -> Decoded | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            text = body[len(bom) :].decode(name, errors="replace")
            return Decoded(text, name, declared, "bom", text.count("\ufffd"))
    return None


def _tie_break(options: list[_Option], body: bytes) -> _Option:
    """When scores cannot tell (no Chinese characters to judge by), ask charset-normalizer,
    restricted to the same candidates; keep DETECT_ORDER when it has no opinion."""
    names = [o.encoding for o in options]
    best = charset_normalizer.from_bytes(
        body[:200_000], cp_isolation=[n.replace("-", "_") for n in names]
    ).best()
    if best is not None:
        for o in options:
            if codecs.lookup(o.encoding).name == codecs.lookup(best.encoding).name:
                return o
    return options[0]


def _pick(options: list[_Option], body: bytes) -> _Option:
    top = max(o.score for o in options)
    distinct: dict[str, _Option] = {}
    for o in options:
        if o.score >= top - _TIE:
            distinct.setdefault(o.text, o)  # big5hkscs and cp950 often give the same text
    tied = list(distinct.values())
    if len(tied) == 1:
        return tied[0]
    for o in tied:
        if o.encoding == "utf-8":  # non-ASCII bytes that form valid UTF-8 rarely do so by chance
            return o
    return _tie_break(tied, body)


_TRUST_MARGIN = 0.15  # a declaration may score a little lower than the best guess
_TIE = 0.02
_MIN_STRICT = -0.5  # below this even a strict decode is garbage (binary data)
_MIN_LENIENT = 0.2  # with replacement characters we ask for clearly Chinese-looking text


def decode(body: bytes, content_type: str | None) -> Decoded:
    """Decode body and say how; raises FetchError("undecodable") when nothing gives text."""
    labels = _declarations(body, content_type)
    declared = labels[0] if labels else None
    if not body:
        return Decoded("", "utf-8", declared, "detected", 0)
    if (bom := _from_bom(body, declared)) is not None:
        return bom

    declared_codecs = list(dict.fromkeys(c for lb in labels for c in _normalise_label(lb)))
    candidates = list(dict.fromkeys([*declared_codecs, *DETECT_ORDER]))
    options = [o for c in candidates if (o := _strict(body, c)) is not None]
    if not options:  # an unlabelled Western page; never preferred over a CJK reading
        options = [o for o in [_strict(body, WESTERN)] if o is not None]
    strict: _Option | None = None
    if options:
        top = max(o.score for o in options)
        for o in options:  # declarations first, in declared order
            if o.encoding in declared_codecs and o.score >= top - _TRUST_MARGIN:
                return Decoded(o.text, o.encoding, declared, "declared", 0)
        strict = _pick(options, body)
        if strict.score >= _MIN_LENIENT:
            return Decoded(strict.text, strict.encoding, declared, "detected", 0)

    # Nothing decodes cleanly to convincing text: a damaged byte or two in a GB page
    # should still give the page, with U+FFFD where the damage is.
    lenient = []
    for c in candidates:
        text = body.decode(c, errors="replace")
        lenient.append(_Option(c, text, plausibility(text), text.count("\ufffd")))
    best = max(lenient, key=lambda o: o.score)
    if best.score >= _MIN_LENIENT and (strict is None or best.score > strict.score):
        how: Literal["declared", "detected"] = (
            "declared" if best.encoding in declared_codecs else "detected"
        )
        return Decoded(best.text, best.encoding, declared, how, best.replaced)
    if strict is not None and strict.score >= _MIN_STRICT:
        return Decoded(strict.text, strict.encoding, declared, "detected", 0)
    raise FetchError(
        "undecodable",
        "无法识别内容的文字编码，内容可能已损坏或不是文字。",
        f"declared={declared!r}; best lenient {best.encoding} score {best.score:.2f}, "
        f"{best.replaced} replacements",
    )


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, encoding used). See `decode` for how the encoding is chosen."""
    result = decode(body, content_type)
    return result.text, result.encoding
