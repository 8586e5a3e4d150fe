"""The seed corpus (*.md) and its precomputed vectors, installed as the package data `agent.knowledge`."""
