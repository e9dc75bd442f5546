"""Knowledge checks and reflections: the fenced `quiz` and `reflection` blocks of a module."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.courses import schema
from app.courses.frontmatter import YamlError, YamlMapping, parse_yaml_mapping
from app.courses.model import Option, Question, Quiz

QUIZ_FIELDS = {
    "pass_mark": schema.Field(
        lambda v: (
            None
            if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100
            else "must be a percentage from 1 to 100"
        )
    ),
    "questions": schema.Field(schema.non_empty_list("questions")),
}
QUESTION_FIELDS = {
    "question": schema.Field(schema.text),
    "options": schema.Field(schema.mapping),
    "answer": schema.Field(lambda v: None),
    "explanation": schema.Field(schema.text),
}


@dataclass(frozen=True)
class Block:
    """A fenced `quiz` or `reflection` block: its YAML and its first line (1-based)."""

    content: str
    line: int


def parse_quiz(block: Block, report: Callable[[int, str], None]) -> Quiz | None:
    try:
        data = parse_yaml_mapping(block.content)
    except YamlError as error:
        report(error.line, f"in the quiz: {error.message}")
        return None
    if not schema.check_fields(
        data, QUIZ_FIELDS, lambda line, message: report(line, f"in the quiz: {message}")
    ):
        return None
    questions = []
    for index, item in enumerate(data.values["questions"]):
        question = parse_question(
            index + 1, item, lambda *path, i=index: data.line("questions", i, *path), report
        )
        if question is None:
            return None
        questions.append(question)
    return Quiz(pass_mark=data.values["pass_mark"], questions=tuple(questions))


def parse_question(
    number: int,
    item: Any,
    line_of: Callable[..., int],
    report: Callable[[int, str], None],
) -> Question | None:
    """Build one question; `line_of(key)` gives the line of a key within it."""
    prefix = f"question {number}: "
    if not isinstance(item, dict):
        report(line_of(), prefix + "must have question, options, answer and explanation")
        return None
    if not schema.check_fields(
        YamlMapping(item, {key: line_of(key) for key in item}),
        QUESTION_FIELDS,
        lambda line, message: report(line or line_of(), prefix + message),
    ):
        return None
    options = tuple(Option(str(key), str(text)) for key, text in item["options"].items())
    keys = {option.key for option in options}
    if len(options) < 2:
        report(line_of("options"), prefix + "give at least two options")
        return None
    answer = item["answer"]
    answers = [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]
    if not answers or any(a not in keys for a in answers):
        report(
            line_of("answer"),
            prefix + f"the answer {answer!r} is not one of the options "
            f"({', '.join(sorted(keys))}); use the option keys",
        )
        return None
    return Question(
        number=number,
        prompt=str(item["question"]).strip(),
        options=options,
        answers=frozenset(answers),
        explanation=str(item["explanation"]).strip(),
        is_multiple=isinstance(answer, list),
    )


def parse_reflection(block: Block, report: Callable[[int, str], None]) -> str | None:
    try:
        data = parse_yaml_mapping(block.content)
    except YamlError as error:
        report(error.line, f"in the reflection: {error.message}")
        return None
    fields = {"prompt": schema.Field(schema.text)}
    if not schema.check_fields(
        data, fields, lambda line, m: report(line, f"in the reflection: {m}")
    ):
        return None
    return str(data.values["prompt"]).strip()
