-- why: Growth wants to know who invited whom.
-- test: The profile page shows "Invited by"; users without an inviter show nothing.
-- cutover:up
ALTER TABLE users ADD COLUMN invited_by integer REFERENCES users (id);
-- cutover:allow data-change-in-up the sample's users table holds a handful of rows
UPDATE users SET invited_by = 1 WHERE id IN (2, 3);
CREATE INDEX users_invited_by ON users (invited_by);
-- cutover:down
DROP INDEX users_invited_by;
ALTER TABLE users DROP COLUMN invited_by;
