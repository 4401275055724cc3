"""Row shapes (db/shapes.py): the typed rows the query functions of db/queries return."""
