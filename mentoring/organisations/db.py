"""SQLite's LOWER() folds only ASCII letters, so «кустова» would not find «Кустова». On SQLite we give it
Python's Unicode-aware lower(); PostgreSQL's own is already right."""


def unicode_lower_for_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "LOWER", 1, lambda value: value.lower() if value else value, deterministic=True
        )
