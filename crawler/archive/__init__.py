"""The SQLite archive: schema and migrations, the store, the writer's lock."""
