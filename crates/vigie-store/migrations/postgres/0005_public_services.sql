-- vigie schema, version 5 (PostgreSQL): services the city lists on its public help page.
ALTER TABLE services ADD COLUMN public BIGINT NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
