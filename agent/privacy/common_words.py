"""Given names and surnames that are also everyday (or incident-chat) words.

A name in this set is only recognised when capitalised, so that "mark the incident resolved", "will
do", "max connections", "page the DBA" or "a long rollback" are never rewritten as people.
"""

COMMON_WORD_NAMES: frozenset[str] = frozenset(
    """
    amber april art august autumn bell bill black bob brown bush candy carol chance chase chip christian
    cliff clay cook crystal dale dawn day dean don dot drew dusty earl ernest faith fern fisher ford
    frank gale gay gene gill glen golden grace grant gray green grey guy hall hardy heath herb hill holly
    honey hope hunter iris ivy jack jade jay jewel joy june kit king lake lance lane lee long love lucky
    mark marsh mason max may mercy miles mint moon moss nick norm north olive pace page park pat patience
    pearl penny pepper pierce pike poppy price queen rain ray reed rich rob robin rock rose ruby rush rusty
    sage sandy scott shepherd sky skye smith snow sol spring stone storm summer sunny sweet taylor teddy
    terry thorn tiger tod trace trent true tucker victor violet wade walker ward west white will win wolf
    wood woods young
    """.split()
)
