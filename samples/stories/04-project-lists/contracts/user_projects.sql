-- The "My projects" page: every project each user can open.
-- expect: same-rows
SELECT user_id, project_id FROM user_projects ORDER BY 1, 2;
