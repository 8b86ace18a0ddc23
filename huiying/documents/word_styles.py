"""Page setup, fonts and styles of a DOCX after GB/T 9704 (党政机关公文格式).

Word picks a run's Chinese glyphs from w:rFonts/@w:eastAsia, and a theme attribute on the
same element wins over an explicit name, so every rFonts we touch is rewritten whole.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# What Word/WPS substitute when a font is not installed (fontTable w:altName): the
# GB2312-era names are often missing on new machines, the plain 仿宋/楷体/宋体 are not.
ALT_NAMES = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    KAI_FONT: "楷体",
    HEI_FONT: "SimHei",
    SONG_FONT: "SimSun",
}

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
NOTE_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(12)  # 小四
LINE_PITCH = Pt(28.95)  # 22 lines on the 225 mm text block
CHAR = BODY_SIZE  # one character of body text, for indents

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)


def set_fonts(element: object, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts on a run or style element (anything with get_or_add_rPr)."""
    if hasattr(element, "get_or_add_rPr"):
        rpr = element.get_or_add_rPr()
    else:  # docDefaults' rPrDefault is a plain lxml element
        rpr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for key in list(rfonts.attrib):
        del rfonts.attrib[key]
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rfonts.set(qn(f"w:{attr}"), value)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_lang(rpr: object) -> None:
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def first_line_chars(paragraph_format: object, chars: int) -> None:
    """Indent the first line by `chars` characters; Word and WPS read w:firstLineChars."""
    paragraph_format.first_line_indent = Pt(CHAR.pt * chars)  # type: ignore[attr-defined]
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def no_indent(paragraph_format: object) -> None:
    paragraph_format.first_line_indent = Pt(0)  # type: ignore[attr-defined]
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), "0")


def _fix_font_table(doc: DocxDocument) -> None:
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name, alt in ALT_NAMES.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    # python-docx keeps unmodelled parts as raw bytes; replacing them is the only way in.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The page number sits about 7 mm below the text block.
    section.footer_distance = Mm(22)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def _style_fonts(style: object, east_asia: str, size: Pt, bold: bool = False) -> None:
    set_fonts(style.element, east_asia)  # type: ignore[attr-defined]
    font = style.font  # type: ignore[attr-defined]
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)


def _exact(paragraph_format: object, pitch: Pt = LINE_PITCH) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # type: ignore[attr-defined]
    paragraph_format.line_spacing = pitch  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)  # type: ignore[attr-defined]
    paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]


def _styles(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_rpr = defaults.find(qn("w:rPr"))
    set_fonts(defaults, BODY_FONT)
    _set_lang(default_rpr)

    normal = doc.styles["Normal"]
    _style_fonts(normal, BODY_FONT, BODY_SIZE)
    _set_lang(normal.element.get_or_add_rPr())
    _exact(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = False  # official documents fill every line
    first_line_chars(normal.paragraph_format, 2)

    heading_fonts = {1: (HEI_FONT, False), 2: (KAI_FONT, False), 3: (BODY_FONT, True)}
    for level, (font, bold) in heading_fonts.items():
        style = doc.styles[f"Heading {level}"]
        _style_fonts(style, font, BODY_SIZE, bold)
        _exact(style.paragraph_format)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        first_line_chars(style.paragraph_format, 2)

    title = doc.styles["Title"]
    _style_fonts(title, TITLE_FONT, TITLE_SIZE)
    _remove_border(title.element)
    _exact(title.paragraph_format, Pt(36))
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    no_indent(title.paragraph_format)

    subtitle = doc.styles["Subtitle"]
    _style_fonts(subtitle, KAI_FONT, BODY_SIZE)
    _exact(subtitle.paragraph_format)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    no_indent(subtitle.paragraph_format)

    note = doc.styles.add_style("Figure Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _style_fonts(note, BODY_FONT, NOTE_SIZE)
    _exact(note.paragraph_format, Pt(22))
    no_indent(note.paragraph_format)
    note.paragraph_format.left_indent = Pt(CHAR.pt * 2)


def _remove_border(style_element: object) -> None:
    """Drop the template Title's bottom rule and letter spacing; an official title has neither."""
    for parent, child in (("w:pPr", "w:pBdr"), ("w:rPr", "w:spacing")):
        container = style_element.find(qn(parent))  # type: ignore[attr-defined]
        if container is not None and (found := container.find(qn(child))) is not None:
            container.remove(found)


def _page_number(paragraph: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— 1 —" in 宋体 四号, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    no_indent(fmt)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = NOTE_SIZE
    else:
        fmt.left_indent = NOTE_SIZE
    for kind, text in (("text", "— "), ("field", "PAGE"), ("text", " —")):
        if kind == "text":
            run = paragraph.add_run(text)
            set_fonts(run._element, SONG_FONT, SONG_FONT)
            run.font.size = NOTE_SIZE
            continue
        for piece in ("begin", "instr", "separate", "result", "end"):
            run = paragraph.add_run()
            set_fonts(run._element, SONG_FONT, SONG_FONT)
            run.font.size = NOTE_SIZE
            if piece == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {text} "
                run._element.append(instr)
            elif piece == "result":
                run.text = "1"
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), piece)
                run._element.append(char)


def _footers(doc: DocxDocument) -> None:
    # GB/T 9704: odd pages number at the right, even pages at the left.
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def setup(doc: DocxDocument) -> None:
    """Apply page size, margins, fonts, styles and page numbers to a new document."""
    _fix_font_table(doc)
    _page(doc)
    _styles(doc)
    _footers(doc)
