-- why: users own projects, and teams share projects with their members
-- cutover:up
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE team_members (team_id integer NOT NULL REFERENCES teams (id), user_id integer NOT NULL REFERENCES users (id), PRIMARY KEY (team_id, user_id));
CREATE TABLE projects (id integer PRIMARY KEY, name text NOT NULL, owner_id integer REFERENCES users (id), team_id integer REFERENCES teams (id));
CREATE VIEW user_projects AS
    SELECT p.owner_id AS user_id, p.id AS project_id FROM projects p WHERE p.owner_id IS NOT NULL
    UNION SELECT tm.user_id, p.id FROM team_members tm JOIN projects p ON p.team_id = tm.team_id;
INSERT INTO users (id, name) VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Chen'), (4, 'Dara'), (5, 'Eli');
INSERT INTO teams (id, name) VALUES (1, 'Design');
INSERT INTO team_members (team_id, user_id) VALUES (1, 4), (1, 5);
INSERT INTO projects (id, name, owner_id, team_id) VALUES (1, 'alpha', 1, NULL), (2, 'beta', 2, NULL), (3, 'gamma', NULL, 1);
-- cutover:down
DROP VIEW user_projects;
DROP TABLE projects;
DROP TABLE team_members;
DROP TABLE teams;
DROP TABLE users;
