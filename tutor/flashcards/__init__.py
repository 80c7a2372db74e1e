"""Flashcards made from the course text, reviewed with FSRS and exported to Anki or CSV."""
