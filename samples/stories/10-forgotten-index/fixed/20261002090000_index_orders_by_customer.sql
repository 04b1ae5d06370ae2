-- why: support looks orders up by customer, and wants a note on each
-- test: Support > Orders > search by customer
-- cutover:up
CREATE INDEX orders_customer ON orders (customer);
ALTER TABLE orders ADD COLUMN note text;
-- cutover:down
DROP INDEX orders_customer;
ALTER TABLE orders DROP COLUMN note;
