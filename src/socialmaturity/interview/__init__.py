"""The conversation with a person, and the answer file it writes.

:mod:`.session` walks the questions and keeps the answers (no terminal code); :mod:`.conversation`
talks to the person, on a terminal or through plain lines; :mod:`.writer` turns answers into the
response file's text.

May import: :mod:`socialmaturity.engine`, :mod:`socialmaturity.model` and the shared bottom
modules; never :mod:`socialmaturity.render`, :mod:`socialmaturity.commands` or the CLI.
"""
