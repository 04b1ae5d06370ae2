CREATE TABLE "users" (
  "id" integer NOT NULL,
  "name" text NOT NULL,
  "email" text NOT NULL,
  "role" text NOT NULL DEFAULT 'member',
  "invited_by" integer,
  PRIMARY KEY ("id"),
  UNIQUE ("email"),
  FOREIGN KEY ("invited_by") REFERENCES "users" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
  CHECK (role IN ('member', 'admin'))
);
CREATE INDEX "users_invited_by" ON "users" (invited_by);
