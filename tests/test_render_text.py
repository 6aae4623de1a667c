"""The cleaned full text on a report page: paragraphs, and the source's table rows as a table."""
from generator.render import _paragraphs


def test_table_rows_in_the_text_render_as_an_escaped_table():
    html = str(_paragraphs("一、总体情况\n正文<b>。\n\n|规章|0|<script>|\n|行政许可|5||\n后文"))
    assert html == ("<p>一、总体情况<br>\n正文&lt;b&gt;。</p>\n"
                    '<div class="source-table"><table><tr><td>规章</td><td>0</td><td>&lt;script&gt;</td></tr>'
                    "<tr><td>行政许可</td><td>5</td><td></td></tr></table></div>\n<p>后文</p>")
