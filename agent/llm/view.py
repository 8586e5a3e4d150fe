"""What a model may see: the transcript and facts redacted, people replaced by roles.

The map from roles back to names stays on this machine; it restores owners in the action table at the end.
"""

from functools import partial
from typing import Any

from pydantic import BaseModel

from agent.facts.naming import is_system, role_map
from agent.llm.model_messages import ModelMessages
from agent.llm.prompts import as_data
from agent.models import Facts, Message, Pack, Transcript
from agent.privacy.names import replace_names
from agent.privacy.redact import redact_model, redact_text, redact_transcript


class ModelView:
    def __init__(self, transcript: Transcript, facts: Facts):
        self.names = role_map(facts.roles) | _unroled_people(transcript, facts)
        self._owners = {phrase: name for name, phrase in self.names.items()}
        redacted, self.counts = redact_transcript(transcript)
        redacted_facts, _ = redact_model(facts)  # the same secrets again, already counted in the transcript
        self.format = redacted.format
        # A function of the names only, not a method: the view would otherwise keep itself alive in a reference
        # cycle, and the whole transcript with it until the next garbage collection.
        self.messages = ModelMessages(redacted.messages, partial(_model_message, self.names))
        self.facts = self.rename(redacted_facts).model_copy(update={"roles": []})

    def scrub(self, text: str) -> str:
        """Any text bound for a model (tool results included): secrets redacted, names replaced."""
        return replace_names(redact_text(text)[0], self.names)

    def rename(self, model: Any) -> Any:
        """Names -> roles in every string of a model (owners too: the model sees roles only)."""
        if isinstance(model, str):
            return as_data(self.scrub(model))
        if isinstance(model, list):
            return [self.rename(item) for item in model]
        if isinstance(model, dict):
            return {key: self.rename(value) for key, value in model.items()}
        if isinstance(model, BaseModel):
            updates = {name: self.rename(value) for name, value in model if isinstance(value, (str, list, dict, BaseModel))}
            return model.model_copy(update=updates)
        return model

    def restore(self, pack: Pack, roles_source: Facts) -> Pack:
        """Put real names back where SPEC allows them: the roles table and the owner columns."""
        actions = [a.model_copy(update={"owner": self._owner(a.owner)}) for a in pack.action_items]
        triggers = [t.model_copy(update={"owner": self._owner(t.owner)}) for t in pack.triggers]
        header = pack.header.model_copy(update={"roles": roles_source.roles})
        return pack.model_copy(update={"action_items": actions, "triggers": triggers, "header": header})

    def _owner(self, owner: str | None) -> str | None:
        """The real name behind a role, unless that name is itself personal data (a contact known only by a phone
        number or an e-mail address): then the role stays."""
        if owner is None:
            return None
        name = self._owners.get(owner) or self._owners.get(owner.lower()) or owner
        return owner if redact_text(name)[0] != name else name


def _model_message(names: dict[str, str], message: Message) -> Message:
    author = message.author
    if author is not None:
        author = names.get(author) or replace_names(author, names)
    return message.model_copy(update={"author": author, "text": as_data(replace_names(message.text, names))})


def _unroled_people(transcript: Transcript, facts: Facts) -> dict[str, str]:
    """People the role detector skipped (someone who only posted an injected line) still get a stand-in; systems
    ("Azure Monitor") keep their names."""
    known = {r.name for r in facts.roles}
    authors = dict.fromkeys(m.author for m in transcript.messages if m.author and m.author not in known and not is_system(m))
    return {name: f"participant {n}" for n, name in enumerate(authors, start=1)}
