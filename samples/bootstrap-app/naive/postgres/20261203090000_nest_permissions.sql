-- why: Story #3 as it first went wrong: the permissions rewritten in place, in one UPDATE, while the deployed app still
-- reads flat arrays. The statement succeeds; the admin page goes blank. Kept out of migrations/: story3.sh rehearses it
-- on a copy to show contracts/ catching it. The declared operation in migrations/postgres is the fix.
-- test: cutover rehearse fails on contracts/admin_permissions.sql and admin_permission_grants.sql.
-- cutover:up
UPDATE users SET permissions = jsonb_build_object('pages', jsonb_build_object('read', permissions::jsonb @> '["read"]', 'write', permissions::jsonb @> '["write"]'), 'admin', jsonb_build_object('users', permissions::jsonb @> '["admin"]'))::text;
-- cutover:down
UPDATE users SET permissions = '[' || concat_ws(',', CASE WHEN (permissions::jsonb #>> '{pages,read}')::boolean THEN '"read"' END, CASE WHEN (permissions::jsonb #>> '{pages,write}')::boolean THEN '"write"' END, CASE WHEN (permissions::jsonb #>> '{admin,users}')::boolean THEN '"admin"' END) || ']';
