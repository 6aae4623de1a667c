"""A MkDocs hook the generated edition configs load (``generator.site.edition_config``): each page
is compacted (``generator.site.compact``) as MkDocs writes it, in the two editions' own processes,
instead of a pass over the built site that reads and writes every page again (at 10,000 reports,
40,000 pages on one core). The HTML static templates (``404.html``) too; the sitemap is XML and
is left as it is."""
from __future__ import annotations

from generator.site.compact import compact_text


def on_post_page(output, page, config):
    return compact_text(output)


def on_post_template(output_content, template_name, config):
    return compact_text(output_content) if template_name.endswith(".html") else output_content
