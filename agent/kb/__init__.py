"""Knowledge base of past post-mortems: chromadb vectors + sqlite BM25, offline MiniLM embeddings.

Entry point: `agent.kb.service.KnowledgeBase.open(...)`. Modules import their heavy dependencies
(chromadb, numpy, tokenizers) inside functions so that `postmortem --help` never loads them.
"""
