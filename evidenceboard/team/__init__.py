"""Team boards: one shared case on a stock PostgreSQL server, a board file per laptop.

The board file stays the working copy; the server is the team's store. ``init``, ``grant``
and ``revoke`` (:mod:`admin`) prepare a database and give access per case, enforced by
PostgreSQL's row-level security; :mod:`publish` puts a board on the server and clones one
from it; :mod:`sync` pushes the changes made since the last sync and pulls the others',
planned by the same merge as two board files, so a conflict looks exactly as a merge's.

Nothing here imports Qt; the server is reached through SQLAlchemy with psycopg, which
loads only when a command needs the server.
"""
