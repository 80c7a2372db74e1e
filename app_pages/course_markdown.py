"""Course text shown as Markdown structure, safely: tables stay tables, lists stay lists,
headings stand apart, bold stays bold; but every piece of text is escaped (``md_escape``),
so no raw HTML, image, link, icon or Streamlit directive from the text reaches the page.

The text is parsed with markdown-it-py and written out again from its tokens: the only
Markdown in the result is what this module writes. Pure functions, no Streamlit.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app_pages.safe_text import md_escape

_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline(token: Token) -> str:
    """An inline token's text, escaped, keeping bold/italic and code as ours; images become
    their alt text, links their text, raw HTML its literal characters."""
    out: list[str] = []
    for child in token.children or []:
        t = child.type
        if t in ("text", "html_inline", "code_inline"):
            out.append(md_escape(child.content))
        elif t in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t == "image":
            alt = "".join(c.content for c in child.children or [])
            out.append(md_escape(alt))
        elif t in ("strong_open", "strong_close"):
            out.append("**")
        elif t in ("em_open", "em_close"):
            out.append("_")
        # link_open/link_close: dropped, the link text stays as plain text.
    return "".join(out).strip()


def course_markdown(text: str) -> str:
    """``text`` (course Markdown) as safe Markdown with its tables, lists and headings."""
    tokens = _MD.parse(str(text))
    blocks: list[tuple[str, str]] = []  # (kind, Markdown): kind "item" lines of one list stay together
    list_no = 0  # which top-level list an item belongs to
    lists: list[list[int]] = []  # per open list: [next number] for ordered, [] for bullets
    row: list[str] = []
    table: list[str] = []
    header_done = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t == "heading_open":
            blocks.append(("block", "**" + _inline(tokens[i + 1]) + "**"))
            i += 3
            continue
        if t in ("bullet_list_open", "ordered_list_open") and not lists:
            list_no += 1
        if t == "bullet_list_open":
            lists.append([])
        elif t == "ordered_list_open":
            lists.append([int(tok.attrs.get("start", 1) or 1)])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "inline" and lists and tokens[i - 1].type == "paragraph_open":
            depth = "   " * (len(lists) - 1)
            current = lists[-1]
            if current:
                marker = f"{current[0]}."
                current[0] += 1
            else:
                marker = "-"
            # One line per item: a paragraph inside the item continues it.
            if tokens[i - 2].type == "list_item_open":
                blocks.append((f"item{list_no}", f"{depth}{marker} {_inline(tok)}"))
            else:
                blocks[-1] = (blocks[-1][0], blocks[-1][1] + " " + _inline(tok))
        elif t == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline(tok) or " ")
        elif t == "tr_close":
            table.append("| " + " | ".join(row) + " |")
            if not header_done:
                table.append("|" + "---|" * len(row))
                header_done = True
            row = []
        elif t == "table_close":
            blocks.append(("block", "\n".join(table)))
            table, header_done = [], False
        elif t == "inline" and not lists:
            blocks.append(("block", _inline(tok)))
        elif t in ("fence", "code_block"):
            blocks.append(("block", "  \n".join(md_escape(line) for line in tok.content.splitlines())))
        elif t == "html_block":
            blocks.append(("block", md_escape(" ".join(tok.content.split()))))
        i += 1
    return _join(blocks)


def _join(blocks: list[tuple[str, str]]) -> str:
    """Blocks separated by blank lines; consecutive list items on consecutive lines."""
    out: list[str] = []
    previous = ""
    for kind, text in blocks:
        if not text:
            continue
        if out:
            out.append("\n" if kind.startswith("item") and kind == previous else "\n\n")
        out.append(text)
        previous = kind
    return "".join(out)
