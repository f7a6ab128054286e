# The markup scan of scoring.limits in C (_markup.c): see scoring.limits.scan_compiled.

def scan(
    text: str,
    max_elements: int,
    max_attributes: int,
    max_pairs: int,
    counted_chars: int,
    raw_text_names: tuple[str, ...],
    /,
) -> int | tuple[int, int]: ...
def scan_utf8(
    data: bytes,
    max_elements: int,
    max_attributes: int,
    max_pairs: int,
    counted_chars: int,
    raw_text_names: tuple[str, ...],
    /,
) -> int | tuple[int, int] | None: ...
