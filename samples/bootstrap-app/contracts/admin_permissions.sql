-- The admin permissions page (/admin/permissions; Data/PermissionQueries.cs runs this query): every user and what they
-- hold. Story #3's page went blank after the permissions were reshaped: it must still list every user, none without a
-- value. The stored text changes shape on purpose, so the rows are not required to stay the same.
-- expect: rows >= 40; not-null permissions
SELECT name, permissions FROM users ORDER BY id;
