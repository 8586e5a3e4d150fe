"""Privacy layer: redact secrets and personal data, replace people with roles, spot prompt injection.

Submodules are imported directly (`agent.privacy.redact`, `.names`, `.injection`) so that callers
only pay for what they use.
"""
