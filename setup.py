"""The package list: everything under agent/, plus the repository's data folders installed inside it.

prompts/, rubrics/ and knowledge/ stay at the top of the repository (the project's layout) and install as
agent.prompts, agent.rubrics and agent.knowledge: a wheel copies them into agent/, an editable install maps those
names onto the folders, and the code finds them with importlib.resources either way (agent/paths.py).
pyproject.toml cannot combine discovered packages with mapped ones, hence this file; all else is in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"agent.prompts": "prompts", "agent.rubrics": "rubrics", "agent.knowledge": "knowledge"}

setup(packages=find_packages(include=["agent", "agent.*"]) + list(DATA_PACKAGES), package_dir=DATA_PACKAGES)
