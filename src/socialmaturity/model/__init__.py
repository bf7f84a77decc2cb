"""Files in: reading questionnaires and responses into validated models.

Owns the only YAML reader (:mod:`.yaml_reader`), the questionnaire and response models and their
rules, the messages that point validation errors back to a line and column, finding questionnaires
(:mod:`.catalog`), and the JSON Schemas. Everything above builds on these models.

May import: the shared bottom modules (``errors``, ``files``, ``resources``, ``terminal``) only.
"""
