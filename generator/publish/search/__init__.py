"""Site search with Pagefind: the markup record pages carry for it (record.py, shadow.py),
the indexing run (pagefind.py), the search UI's settings (ui.py) and scripts (theme/), and
the search of offline copies, which cannot run Pagefind from file:// (lunr.py). The search
page and the header's search box are pages and frame of the site (website/templates/search.html,
website/theme/partials/header.html); peixun.js here opens them.
"""
from pathlib import Path

THEME = Path(__file__).parent / "theme"  # the search scripts, added to the site's theme by the plugin
