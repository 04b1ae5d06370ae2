-- The admin permissions page (/admin/permissions; Data/PermissionQueries.cs runs this query): every user and what they
-- hold, as the version already deployed reads it. While a reshape is rolled out that version still runs, so the rows
-- must stay exactly what they were: a declared operation keeps the old column as it is until complete, an in-place
-- rewrite does not.
-- expect: same-rows; rows >= 40; not-null permissions
SELECT name, permissions FROM users ORDER BY id;
