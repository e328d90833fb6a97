"""What prospects do with courses, counted by the database (GROUP BY / COUNT), never learner by
learner in Python: each question is answered in one or two queries however many learners there are.
"""
