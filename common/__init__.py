"""Plain helpers shared by the apps; nothing here imports from the apps."""
