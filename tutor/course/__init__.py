"""What the course is: quiz items and their grades, the question bank, objectives and module
titles. Read by ``tutor.quiz`` and ``tutor.progress``; imports neither."""
