-- why: the orders table
-- cutover:up
CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, placed_at text NOT NULL);
INSERT INTO orders (id, customer, placed_at) VALUES (1, 'ada', '2026-10-01'), (2, 'brian', '2026-10-02'), (3, 'ada', '2026-10-03');
-- cutover:down
DROP TABLE orders;
