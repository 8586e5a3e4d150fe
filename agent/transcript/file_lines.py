"""Messages read from a text derived from a file (an HTML page's visible text, a raw mail decoded) put back on the
lines of that file, so evidence points at what the user has."""

from agent.models.message import Transcript


def on_file_lines(transcript: Transcript, origins: list[int]) -> Transcript:
    """`transcript` read from the derived text, whose line i (1-based) came from file line `origins[i - 1]`."""

    def origin(line: int) -> int:
        return origins[min(max(line, 1), len(origins)) - 1]

    messages = [message.model_copy(update={
        "line": origin(message.line), "end_line": max(origin(message.end_line), origin(message.line)),
        "thread_parent_line": message.thread_parent_line and origin(message.thread_parent_line),
    }) for message in transcript.messages]
    return transcript.model_copy(update={"messages": messages})
