"""Render: what each page shows (views, read through the site object, which records what a
page reads) and how its template lays it out. Pure: no file is touched."""
