-- why: embedded in the test assembly, so a host needs no migrations folder on disk.
-- cutover:up
CREATE TABLE gadgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- cutover:down
DROP TABLE gadgets;
