"""The yearly work on the teacher pool: who is listed in which year (directory.py), the
plan's targets (progress.py) and the lists a department receives (reports.py)."""
