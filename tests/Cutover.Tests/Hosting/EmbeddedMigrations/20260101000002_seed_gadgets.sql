-- cutover:up
INSERT INTO gadgets (name) VALUES ('sprocket');
-- cutover:down
DELETE FROM gadgets;
