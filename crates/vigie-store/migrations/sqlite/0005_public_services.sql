-- vigie schema, version 5 (SQLite): services the city lists on its public help page.
ALTER TABLE services ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
