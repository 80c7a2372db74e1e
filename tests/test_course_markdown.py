"""Course passages shown with their Markdown structure, and nothing unsafe getting through."""

from __future__ import annotations

import re

from app_pages.course_markdown import course_markdown

PASSAGE = """Pick the option by need. **Bold** stays.

| Need | Deployment option |
|---|---|
| Low latency, steady traffic | Real-time endpoint |
| Large payloads, caller can wait | Asynchronous Inference |

- first point
- second point

1. Processing step
2. Training step
## A heading
After the heading."""


def test_tables_lists_and_headings_keep_their_structure() -> None:
    md = course_markdown(PASSAGE)
    lines = md.splitlines()
    assert "| Need | Deployment option |" in lines and "|---|---|" in lines
    assert "| Low latency\\, steady traffic | Real\\-time endpoint |" in lines
    assert "- first point" in lines and "- second point" in lines
    assert "1. Processing step" in lines and "2. Training step" in lines
    assert "**A heading**" in lines and "After the heading\\." in lines
    assert "**Bold** stays\\." in md
    # The heading stands apart from the text after it and from the list before it.
    assert lines[lines.index("**A heading**") - 1] == "" and lines[lines.index("**A heading**") + 1] == ""


def test_html_images_links_and_directives_are_neutralised() -> None:
    md = course_markdown(
        'See ![chart](https://evil.example/x.png) and [docs](https://evil.example). <img src="https://e/x.png"> '
        ":red[alarm] :material/warning: $x$\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| <b>x</b> | ![i](http://e/i.png) |"
    )
    assert "](" not in md
    assert not re.search(r"(?<!\\)<", md), "every < is escaped: no raw HTML reaches the page"
    assert "chart" in md and "docs" in md  # alt text and link text stay, as words
    assert "\\:red\\[alarm\\]" in md and "\\$x\\$" in md
    assert "| \\<b\\>x\\<\\/b\\> | i |" in md
