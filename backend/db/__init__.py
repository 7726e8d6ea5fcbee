"""Storage: SQLAlchemy 2 (async), Alembic migrations, encrypted personal fields."""
