"""Where a YAML file writes each of its nodes and comments: offsets into its text.

What :mod:`~socialmaturity.interview.migrated` needs to rewrite a response file by editing its
text, changing only the characters of what changes. The one reader's loader (libyaml) gives every
token's line and column; comments are no tokens, so they are found where YAML allows them only:
between tokens after a ``#``, and after a block scalar's header (``note: |  # like this``).
NEL, LS and PS are hidden from the parser one for one, as everywhere
(:func:`~socialmaturity.model.line_breaks.stand_in_for_non_breaks`), so offsets stay those of
the text itself.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from socialmaturity.model.line_breaks import stand_in_for_non_breaks, yaml_lines
from socialmaturity.model.yaml_reader import make_loader

_LOADER = make_loader()
_BLANK = " \t\r\n"


@dataclass(frozen=True)
class Comment:
    """A comment: from its ``#`` to the end of its line (the line break left out)."""

    start: int
    end: int


class Layout:
    """One YAML text's nodes (with offsets), its comments, lines and separating tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        hidden, self.restore = stand_in_for_non_breaks(text)
        self._lines = yaml_lines(hidden) or [""]
        self._starts = [0]
        for line in self._lines:
            self._starts.append(self._starts[-1] + len(line))
        spans: list[tuple[int, int, type]] = []
        for token in yaml.scan(hidden, Loader=_LOADER):
            start, end = self.offset(token.start_mark), self.offset(token.end_mark)
            spans.append((start, end, type(token)))
        self.root: Node | None = yaml.compose(hidden, Loader=_LOADER)
        #: Tokens that take up text, by where they start.
        self._tokens = sorted((s, e, kind) for s, e, kind in spans if e > s)
        self._token_starts = [s for s, _, _ in self._tokens]
        self.comments = self._find_comments(hidden)
        self._comment_starts = [c.start for c in self.comments]

    # --- positions -------------------------------------------------------------------------

    def offset(self, mark: yaml.Mark) -> int:
        """A mark's line and column (characters) as an offset into the text."""
        return min(self._starts[min(mark.line, len(self._lines))] + mark.column, len(self.text))

    def line_start(self, at: int) -> int:
        """Where the line holding ``at`` starts."""
        return self._starts[bisect.bisect_right(self._starts, at) - 1]

    def next_line(self, at: int) -> int:
        """Where the line after the one holding ``at`` starts (the text's end on the last)."""
        index = bisect.bisect_right(self._starts, at) - 1
        return self._starts[min(index + 1, len(self._starts) - 1)]

    def line_end(self, at: int) -> int:
        """Where the line holding ``at`` ends, before its line break."""
        end = self.next_line(at)
        while end > at and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_break(self, at: int) -> str:
        """The line break that ends the line holding ``at`` (else the first line's, else LF)."""
        for at_line in (at, 0):
            ending = self.text[self.line_end(at_line) : self.next_line(at_line)]
            if ending:
                return ending
        return "\n"

    # --- nodes -----------------------------------------------------------------------------

    def value(self, node: ScalarNode) -> str:
        """A scalar's value as the file means it (NEL, LS and PS put back)."""
        return str(node.value).translate(self.restore) if self.restore else str(node.value)

    def start(self, node: Node) -> int:
        """Where the node starts (its tag, if it has one)."""
        return self.offset(node.start_mark)

    def end(self, node: Node) -> int:
        """Just after the node's last character (a block collection's: its last item's)."""
        if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.end(last[1] if isinstance(last, tuple) else last)
        end = self.offset(node.end_mark)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            end = self.content_end(end)  # not the blank lines and indentation it reads past
        return end

    def content_end(self, at: int) -> int:
        """``at`` moved back over blanks, line breaks and comments to the last text before it."""
        while at > 0:
            if self.text[at - 1] in _BLANK:
                at -= 1
                continue
            comment = self.comment_at(at - 1)
            if comment is None:
                return at
            at = comment.start
        return at

    # --- comments --------------------------------------------------------------------------

    def _find_comments(self, hidden: str) -> list[Comment]:
        found: list[Comment] = []
        at = 0
        for start, end, kind in (*self._tokens, (len(hidden), len(hidden), type(None))):
            while at < start:  # between tokens: blanks, line breaks and comments only
                if hidden[at] == "#":
                    stop = at
                    while stop < len(hidden) and hidden[stop] not in "\r\n":
                        stop += 1
                    found.append(Comment(at, stop))
                    at = stop
                else:
                    at += 1
            if kind is yaml.ScalarToken and hidden[start] in "|>":  # a block scalar's header
                stop = self.line_end(start)
                mark = hidden.find(" #", start, stop)
                tab = hidden.find("\t#", start, stop)
                mark = min(m for m in (mark, tab, stop) if m >= 0)
                if mark < stop:
                    found.append(Comment(mark + 1, stop))
            at = max(at, end)
        return sorted(found, key=lambda c: c.start)

    def comment_at(self, at: int) -> Comment | None:
        """The comment that holds the character at ``at``, if one does."""
        index = bisect.bisect_right(self._comment_starts, at) - 1
        if index >= 0 and self.comments[index].start <= at < self.comments[index].end:
            return self.comments[index]
        return None

    def comments_in(self, start: int, end: int) -> list[Comment]:
        """The comments that start between ``start`` and ``end``."""
        low = bisect.bisect_left(self._comment_starts, start)
        high = bisect.bisect_left(self._comment_starts, end)
        return self.comments[low:high]

    def comment_text(self, comment: Comment) -> str:
        """What a comment says: its text without the ``#`` and the blanks around it."""
        return self.text[comment.start + 1 : comment.end].strip(" \t")

    def trailing_comment(self, at: int) -> Comment | None:
        """The comment at the end of the line holding ``at``, if it starts at ``at`` or after."""
        found = self.comments_in(at, self.line_end(at) + 1)
        return found[0] if found else None

    # --- tokens ----------------------------------------------------------------------------

    def token_after(self, at: int) -> tuple[int, int, type] | None:
        """The first token that starts at ``at`` or after it."""
        index = bisect.bisect_left(self._token_starts, at)
        return self._tokens[index] if index < len(self._tokens) else None

    def token_before(self, at: int) -> tuple[int, int, type] | None:
        """The last token that ends at ``at`` or before it."""
        index = bisect.bisect_left(self._token_starts, at) - 1
        while index >= 0 and self._tokens[index][1] > at:
            index -= 1
        return self._tokens[index] if index >= 0 else None
