-- why: The application needs accounts; a person's name is one free-text field.
-- test: Sign-up creates a row; the users page lists each name.
-- owner: platform
-- cutover:up
CREATE TABLE users (
    id integer PRIMARY KEY,
    name text,
    email text NOT NULL UNIQUE
);
INSERT INTO users (id, name, email) VALUES
    (1, 'Ada Lovelace', 'ada@example.com'),
    (2, 'Grace Hopper', 'grace@example.com'),
    (3, 'Linus Torvalds', 'linus@example.com');
-- cutover:down
DROP TABLE users;
