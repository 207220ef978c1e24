"""The "check yourself" exercises: each checker takes the learner's answer and returns a
message that says whether it is right, and if not, what is off. Numpy only."""
