"""The records: files read (files.py) as strict YAML (load.py), checked against each kind's
model (validate.py, kinds/) and one by one (checks.py, textchecks.py), then across records
into a frozen Catalog with its public projection (catalog.py). Problems are values
(problems.py). Imports nothing else of peixun."""
