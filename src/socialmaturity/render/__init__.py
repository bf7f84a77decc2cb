"""Results into outputs: records (JSON objects, CSV rows), tables, charts, reports, JUnit.

Each renderer takes engine results and returns text (or writes to a console it is given); none
decides what a score is. Writing files atomically is :mod:`socialmaturity.files`' job.

May import: :mod:`socialmaturity.engine`, :mod:`socialmaturity.model` and the shared bottom
modules; never :mod:`socialmaturity.interview`, :mod:`socialmaturity.commands` or the CLI.
"""
