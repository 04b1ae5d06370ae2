"""A python3 sqlite3 writer for bench/operations.sh: one connection (busy timeout 30 s), one write every 1/RATE s on a
fixed schedule until the stop file appears, in the shape of one app version. Logs "scheduled_us end_us ok error" per
write, the error being the exception's text with spaces as underscores ("-" when the write succeeded).

  old: updates random users rows, niche columns included, and inserts users with niche columns (the table as it was)
  new: updates user_profiles rows and users' core columns, and inserts a user and its profile, all on the physical
       tables. The profile of a new user is written with an upsert: while the split is expanded, the trigger on users
       has already created an empty profile row for it.
"""
import os, random, sqlite3, sys, time

db, shape, rows, rate, stop, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
con = sqlite3.connect(db, timeout=30, isolation_level=None)
NICHE = "bio, avatar_url, theme, locale, timezone, twitter, github, website, signature, pronouns, birthday, marketing_opt_in"


def niche(n):
    return (f"bio of {n} {random.random()}", f"https://cdn.example.com/a/{n}.png", random.choice(["dark", "light"]), "en-US",
            "UTC", f"@u{n}", f"u{n}", f"https://u{n}.example.com", f"-- {n}", "they/them", "1990-01-01", random.random() < 0.2)


def core(n):
    return (f"user{n}.{random.randrange(1 << 30)}@example.com", f"User {n}", f"{random.getrandbits(128):032x}")


def old_write():
    if random.random() < 0.8:
        con.execute("UPDATE users SET bio = ?, theme = ?, website = ?, updated_at = datetime('now'), login_count = login_count + 1 WHERE id = ?",
                    (f"bio {random.random()}", random.choice(["dark", "light"]), f"https://{random.random()}.example.com", random.randint(1, rows)))
    else:
        n = random.randrange(1 << 40)
        con.execute(f"INSERT INTO users (email, name, password_hash, {NICHE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    core(n) + niche(n))


def new_write():
    con.execute("BEGIN IMMEDIATE")
    try:
        if random.random() < 0.8:
            i = random.randint(1, rows)
            con.execute("UPDATE user_profiles SET bio = ?, theme = ?, locale = ? WHERE user_id = ?",
                        (f"bio {random.random()}", random.choice(["dark", "light"]), random.choice(["en-US", "de-DE"]), i))
            con.execute("UPDATE users SET last_login_at = datetime('now'), login_count = login_count + 1 WHERE id = ?", (i,))
        else:
            n = random.randrange(1 << 40)
            i = con.execute("INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?)", core(n)).lastrowid
            con.execute(f"INSERT INTO user_profiles (user_id, {NICHE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        f"ON CONFLICT (user_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in NICHE.split(', '))}",
                        (i,) + niche(n))
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


write = old_write if shape == "old" else new_write
log, begin, i = [], time.time(), 0
while not os.path.exists(stop):
    scheduled = begin + i / rate
    i += 1
    if scheduled > time.time():
        time.sleep(scheduled - time.time())
    try:
        write()
        error = "-"
    except sqlite3.Error as e:
        error = str(e).replace(" ", "_") or "error"
    log.append(f"{int(scheduled * 1e6)} {int(time.time() * 1e6)} {error}\n")
with open(out, "w") as f:
    f.writelines(log)
