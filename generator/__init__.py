"""peixun: validate the training-resource records and generate the catalog site.

Packages, in the direction of their dependencies (README, 代码结构): records/ (files ->
validated records -> catalog), yearly/ (the directory year by year), publish/ (the site,
its search, offline copies), contrib/ (tools for contributors), and cli.py on top. Each
record kind is declared once in records/kinds/; every page path comes from publish/urls.py.
"""

__version__ = "0.1.0"
