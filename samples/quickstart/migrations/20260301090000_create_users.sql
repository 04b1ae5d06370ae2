-- why: The application needs accounts before anything else.
-- test: Sign-up creates a row; the users page lists it.
-- owner: platform
-- cutover:up
CREATE TABLE users (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE
);
INSERT INTO users (id, name, email) VALUES
    (1, 'Ada', 'ada@example.com'),
    (2, 'Grace', 'grace@example.com'),
    (3, 'Linus', 'linus@example.com');
-- cutover:down
DROP TABLE users;
