"""Alembic revision files (loaded by path; this file only makes setuptools ship them)."""
