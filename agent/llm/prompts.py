"""Render prompt templates from prompts/*.j2. Prompt text lives only there; this module only fills them in."""

import re
from functools import lru_cache

from agent.paths import PROMPTS_DIR

DATA_TAGS = ("transcript", "document", "user_answer", "facts")
_TAG = re.compile(r"<(/?)\s*(" + "|".join(DATA_TAGS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
    )


def render_prompt(name: str, **context) -> str:
    return _environment().get_template(f"{name}.j2").render(**context).strip()


def as_data(text: str) -> str:
    """Text placed inside a data tag cannot close that tag or open another: '<' of such tags becomes '‹'."""
    return _TAG.sub(lambda m: f"‹{m.group(1)}{m.group(2)}", text)
