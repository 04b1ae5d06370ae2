-- The admin permissions page shows "none" for a user whose stored permissions grant nothing, in either shape: a flat
-- array without an entry, or a nested object without a true. No seeded user is like that, before or after, so a reshape
-- that loses the grants (an up expression that matches nothing) fails here instead of blanking the page.
-- expect: rows = 0
SELECT name FROM users WHERE permissions IS NULL OR NOT (permissions LIKE '[%"%' OR permissions LIKE '{%true%');
