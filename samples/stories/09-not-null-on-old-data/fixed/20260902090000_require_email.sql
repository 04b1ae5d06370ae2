-- why: password resets need an email for every user
-- test: Sign-in > Forgot password works for the oldest accounts
-- cutover:up
UPDATE users SET email = 'unknown+' || id || '@example.invalid' WHERE email IS NULL;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- cutover:down
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
