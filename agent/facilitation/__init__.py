"""`postmortem facilitate`: a terminal conversation that walks the seven steps and ends with a finished document.

Heavy modules (pydantic-ai, rich, the grader) are imported by the functions that need them.
"""
