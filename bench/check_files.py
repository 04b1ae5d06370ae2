"""Writes the migrations bench/check.sh and bench/ab.sh lint: N files of 10 statements each (DDL, a data change,
a down step). Usage: python3 bench/check_files.py FOLDER N"""
import sys, datetime, os
folder, n = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2026, 1, 1)
for i in range(n):
    id = (start + datetime.timedelta(minutes=i)).strftime("%Y%m%d%H%M%S")
    t = f"t_{i}"
    up = [
        f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, total numeric(12,2), created_at timestamptz DEFAULT now())",
        f"CREATE INDEX {t}_name ON {t} (name)",
        f"ALTER TABLE {t} ADD COLUMN note text",
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_total CHECK (total >= 0) NOT VALID",
        f"INSERT INTO {t} (name, total) VALUES ('a', 1), ('b', 2)",
        f"COMMENT ON TABLE {t} IS 'benchmark table {i}'",
        f"ALTER TABLE {t} ALTER COLUMN note SET DEFAULT ''",
        f"UPDATE {t} SET note = 'x' WHERE id < 10",
    ]
    down = [f"DROP INDEX {t}_name", f"DROP TABLE {t}"]
    body = "-- why: benchmark\n-- cutover:up\n" + ";\n".join(up) + ";\n-- cutover:down\n" + ";\n".join(down) + ";\n"
    open(os.path.join(folder, f"{id}_create_{t}.sql"), "w").write(body)
