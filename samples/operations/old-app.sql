-- The old version of the application: it knows users.name and nothing else.
INSERT INTO users (name, email) VALUES ('Edsger Dijkstra', 'edsger@example.com');
UPDATE users SET name = 'Ada King' WHERE id = 1;
