-- why: The app's accounts, as the early years left them: one wide row per user, a column per niche feature.
-- test: /users lists every user; /users/{id} edits the profile; /admin/permissions lists each user's permissions.
-- owner: sample
-- Written in SQL both engines run (integer flags, text timestamps, a bigint key), so the file is the same for SQLite and PostgreSQL.
-- cutover:up
CREATE TABLE users (
    id bigint PRIMARY KEY,
    name text NOT NULL UNIQUE,
    email text NOT NULL UNIQUE,
    display_name text NOT NULL,
    user_group text NOT NULL DEFAULT 'customers',
    permissions text NOT NULL DEFAULT '[]',
    created_at text NOT NULL,
    last_login_at text,
    login_count integer NOT NULL DEFAULT 0,
    bio text,
    avatar_url text,
    website text,
    twitter text,
    github text,
    timezone text,
    locale text,
    theme text,
    phone text,
    company text,
    job_title text,
    location text,
    pronouns text,
    department text,
    linkedin text,
    mastodon text,
    signature text,
    status_message text,
    referral_code text,
    marketing_source text,
    newsletter_opt_in integer NOT NULL DEFAULT 0
);
-- cutover:down
DROP TABLE users;
