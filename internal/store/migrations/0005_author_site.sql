-- Author (byline) and site name, as web pages give them.
ALTER TABLE raw ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE raw ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN site TEXT NOT NULL DEFAULT '';
