"""The import of people lists, as schools keep them, into the organisation, its mentor or its mentee base.

A pipeline of small steps, each in its own module:

1. `reader` — the file (.xlsx, or .csv) as sheets of rows, each row with the number Excel shows;
2. `columns` — the header row found among the first rows (after title rows and merged cells), its columns
   recognised through a table of synonyms (`fields.SYNONYMS`), any of them re-mapped by hand;
3. `parsing` — the cells of a row read as values: «ФИО» split into surname, name and patronymic, dates
   from Excel cells or dd.mm.yyyy text, experience written in words, categories by their names;
4. `matching` — the organisation's people loaded once into look-ups; a row is the person with its e-mail,
   else with its surname, name, patronymic and birth date;
5. `pipeline` — per row create / update / unchanged with every changed field as old → new (an empty cell
   never blanks a value), errors per row; `import_confirm` writes the whole file in one transaction as an
   `ImportBatch`, `import_batch_undo` takes it back while nothing else refers to its people.

The web pages (`views`) and `manage.py import_people` both go through `pipeline`; between the pages' preview
and confirmation, `staged` keeps the file with the sheets read from it, so that the confirmation does not
read the workbook again.
"""
