"""A prompter that answers from a script, for testing flows without a terminal.

Each scripted step names the method expected, a piece of the question text and
the answer to give (or an exception class, such as ``KeyboardInterrupt``, to
raise). Any question the script did not expect, an answer the real prompt could
not give (an option that is not offered, a skip where none is allowed), and any
step left unused at the end, fail the test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from intimacy_cli.ui.prompter import SKIP, Option

Step = tuple[str, str, Any]


class ScriptedPrompter:
    def __init__(self, *script: Step) -> None:
        self.script = list(script)
        # (method, question, options offered) for every question asked
        self.asked: list[tuple[str, str, list[str]]] = []
        # the text each text/long_text prompt started from
        self.initial_texts: list[str] = []
        # where each list started: (method, the value in focus or ticked, way out)
        self.starts: list[tuple[str, object, str | None]] = []

    def _next(self, method: str, question: str, offered: Sequence[str] = ()) -> Any:
        self.asked.append((method, question, list(offered)))
        if not self.script:
            raise AssertionError(f"unexpected {method}({question!r}): the script has ended")
        want_method, want_text, answer = self.script.pop(0)
        if want_method != method or want_text not in question:
            raise AssertionError(
                f"expected {want_method}(...{want_text!r}...), got {method}({question!r})"
            )
        if isinstance(answer, type) and issubclass(answer, BaseException):
            raise answer()
        return answer

    def finish(self) -> None:
        if self.script:
            raise AssertionError(f"scripted answers never asked for: {self.script}")

    # -- the Prompter interface ------------------------------------------------

    def pause(self, message: str) -> None:
        assert self._next("pause", message) is None

    def confirm(self, question: str, *, default: bool) -> bool:
        answer = self._next("confirm", question)
        assert isinstance(answer, bool)
        return answer

    def select(
        self,
        question: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        skip: str | None = None,
        placeholder: str | None = None,
    ) -> str | None:
        values = [o.value for o in options]
        self.starts.append(("select", default if default is not None else placeholder, skip))
        answer = self._next("select", question, [o.shown for o in options])
        if answer is None:
            assert skip is not None, f"{question!r} cannot be skipped"
        else:
            assert answer in values, f"{answer!r} is not offered for {question!r}: {values}"
        assert default is None or default in values
        return answer

    def text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        self.initial_texts.append(initial)
        answer = self._next("text", question)
        assert answer is None or (isinstance(answer, str) and answer.strip())
        return answer

    def long_text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        self.initial_texts.append(initial)
        answer = self._next("long_text", question)
        assert answer is None or (isinstance(answer, str) and answer.strip())
        return answer

    def scale(
        self,
        question: str,
        low: int,
        high: int,
        *,
        low_label: str | None = None,
        high_label: str | None = None,
        initial: int | None = None,
        skip: str = SKIP,
    ) -> int | None:
        self.starts.append(("scale", initial, skip))
        answer = self._next("scale", question, [str(n) for n in range(low, high + 1)])
        assert answer is None or low <= answer <= high
        assert initial is None or low <= initial <= high
        return answer

    def checkbox(
        self,
        question: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        skip: str = SKIP,
    ) -> list[str] | None:
        values = [o.value for o in options]
        self.starts.append(("checkbox", list(checked), skip))
        answer = self._next("checkbox", question, [o.shown for o in options])
        assert answer is None or (answer and set(answer) <= set(values)), (answer, values)
        return answer
