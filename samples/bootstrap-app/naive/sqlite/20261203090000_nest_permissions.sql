-- why: Story #3 as it first went wrong: the permissions rewritten in place, in one UPDATE, while the deployed app still
-- reads flat arrays. The statement succeeds; the admin page goes blank. Kept out of migrations/: story3.sh rehearses it
-- on a copy to show contracts/ catching it. The declared operation in migrations/sqlite is the fix.
-- test: cutover rehearse fails on contracts/admin_permissions.sql and admin_permission_grants.sql.
-- cutover:up
UPDATE users SET permissions = json_object('pages', json_object('read', json(CASE WHEN EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'read') THEN 'true' ELSE 'false' END), 'write', json(CASE WHEN EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'write') THEN 'true' ELSE 'false' END)), 'admin', json_object('users', json(CASE WHEN EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'admin') THEN 'true' ELSE 'false' END)));
-- cutover:down
UPDATE users SET permissions = '[' || rtrim(CASE WHEN json_extract(permissions, '$.pages.read') THEN '"read",' ELSE '' END || CASE WHEN json_extract(permissions, '$.pages.write') THEN '"write",' ELSE '' END || CASE WHEN json_extract(permissions, '$.admin.users') THEN '"admin",' ELSE '' END, ',') || ']';
