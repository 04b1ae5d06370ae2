-- The new version of the application: it knows users.first_name and users.last_name, not users.name.
--
-- A connection of the new version first runs what Migrator.NewShapeStatementsAsync() returns (the lines below, as
-- they are for this database: the test suite compares them). On SQLite they are TEMP objects of the connection: a
-- view named `users` over the new shape, whose INSTEAD OF triggers write both shapes. TEMP objects come first in
-- SQLite's name lookup, so from here on `users` means the new shape, on this connection only. The first line only checks
-- that the view of the new shape is still there (it fails once `cutover complete` has dropped it).
SELECT 1 FROM "cutover_v20261102090000_users" LIMIT 0;
CREATE TEMP VIEW IF NOT EXISTS "users" AS SELECT * FROM "cutover_v20261102090000_users";
CREATE TEMP TRIGGER IF NOT EXISTS "cutover_v20261102090000_users_temp_insert" INSTEAD OF INSERT ON "users" BEGIN INSERT INTO "cutover_v20261102090000_users" ("id", "email", "first_name", "last_name") VALUES (NEW."id", NEW."email", NEW."first_name", NEW."last_name"); END;
CREATE TEMP TRIGGER IF NOT EXISTS "cutover_v20261102090000_users_temp_update" INSTEAD OF UPDATE ON "users" BEGIN UPDATE "cutover_v20261102090000_users" SET "id" = NEW."id", "email" = NEW."email", "first_name" = NEW."first_name", "last_name" = NEW."last_name" WHERE "id" = OLD."id"; END;
CREATE TEMP TRIGGER IF NOT EXISTS "cutover_v20261102090000_users_temp_delete" INSTEAD OF DELETE ON "users" BEGIN DELETE FROM "cutover_v20261102090000_users" WHERE "id" = OLD."id"; END;

-- The new version's writes. It supplies the id: through the view, last_insert_rowid() is 0 and RETURNING gives back
-- the NULL it was given (docs/operations.md, "SQLite's limits").
INSERT INTO users (id, email, first_name, last_name) VALUES (5, 'barbara@example.com', 'Barbara', 'Liskov');
UPDATE users SET last_name = 'Hopper-Murray' WHERE id = 2;
SELECT id, email, first_name, last_name FROM users ORDER BY id;
