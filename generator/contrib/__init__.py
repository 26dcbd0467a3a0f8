"""Tools for the departments that contribute: record skeletons (scaffold.py), the change
summary of a pull request (gitdiff.py), reviewers (owners.py), editor schemas (schema.py),
and spreadsheets in and out: read (sheets.py, columns.py), turned into records (importer.py,
reviews.py, store.py, plan.py, rows.py) and written all or nothing, keeping each file's
layout (roundtrip.py, edits.py, writeout.py); review sheets and templates
(reviewsheet.py, template.py)."""
