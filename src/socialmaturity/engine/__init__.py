"""Pure computation on validated models: scoring, roadmap, explain, organizations, trends, cases.

Functions of (questionnaire, responses) that return frozen results, with no file or terminal I/O,
so that batch scoring, reports, ``check`` and the interview all share one implementation and
property tests can call them directly.

May import: :mod:`socialmaturity.model` and the shared bottom modules.
"""
