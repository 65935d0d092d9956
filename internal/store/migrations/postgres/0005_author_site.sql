-- Author (byline) and site name, as web pages give them.
ALTER TABLE raw ADD COLUMN author text NOT NULL DEFAULT '';
ALTER TABLE raw ADD COLUMN site text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN author text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN site text NOT NULL DEFAULT '';
