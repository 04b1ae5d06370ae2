-- why: the shop's first, flat orders table
-- cutover:up
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, product text, qty integer);
INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Brian');
INSERT INTO orders (id, customer_id, product, qty) VALUES (1, 1, 'pen', 2), (2, 2, 'ink', 1), (3, 9, 'pad', 1), (4, 1, NULL, 3);
-- cutover:down
DROP TABLE orders;
DROP TABLE customers;
