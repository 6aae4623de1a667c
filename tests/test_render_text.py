"""The cleaned full text on a report page: paragraphs, and the source's table rows as a table."""
from generator.render import _paragraphs


def test_table_rows_in_the_text_render_as_an_escaped_table():
    html = str(_paragraphs("一、总体情况\n正文<b>。\n\n|规章|0|<script>|\n|行政许可|5||\n后文"))
    # The table scrolls sideways in a region a keyboard reaches, named after the full text (no
    # section heading given); it has a class, so Material's script leaves it unwrapped.
    assert html == ("<p>一、总体情况<br>\n正文&lt;b&gt;。</p>\n"
                    '<div class="archive-scroll" role="region" tabindex="0" aria-label="报告全文：原文表格">'
                    '<table class="archive-source"><tr><td>规章</td><td>0</td><td>&lt;script&gt;</td></tr>'
                    "<tr><td>行政许可</td><td>5</td><td></td></tr></table></div>\n<p>后文</p>")


def test_source_tables_are_named_after_their_section_and_numbered():
    html = str(_paragraphs("|a|1|\n\n正文\n\n|b|2|", "三", '收到"申请"<x>'))
    assert html.count('role="region" tabindex="0"') == 2
    assert 'aria-label="三、收到&#34;申请&#34;&lt;x&gt;：原文表格 1"' in html
    assert 'aria-label="三、收到&#34;申请&#34;&lt;x&gt;：原文表格 2"' in html
    assert 'aria-label="二：原文表格"' in str(_paragraphs("|a|1|", "二", None))
    assert 'aria-label="总体情况：原文表格"' in str(_paragraphs("|a|1|", None, "总体情况"))
