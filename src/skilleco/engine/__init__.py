"""The engine: deciding a rule set over facts.

Plans worked out once per rule set (:mod:`.plan`), the hit policies and one finding per rule
(:mod:`.decide`), the messages in Chinese and English (:mod:`.messages`) and the earliest date on
which a "no" turns by the passing of time alone (:mod:`.earliest`, with the thresholds on months of
work in :mod:`.work`). The questions in
:mod:`skilleco.questions` call it; nothing here knows which question is asked.
"""
