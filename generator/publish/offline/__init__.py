"""The offline copy (`peixun offline`): the site built for file:// (copy.py), checked for
other hosts and private values (checks.py) and zipped deterministically (archive.py)."""
