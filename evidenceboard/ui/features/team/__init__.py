"""File > Team: publishing, cloning and syncing a team case on a PostgreSQL server."""
