-- What the deployed admin page finds in those rows: the users whose permissions are a flat array with at least one
-- entry. Story #3's page went blank because this became nobody while the query itself still returned every row.
-- expect: same-rows; rows >= 40
SELECT name FROM users WHERE permissions LIKE '[%"%' ORDER BY id;
