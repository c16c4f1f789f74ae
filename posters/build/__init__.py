"""A build: campaign x languages x formats x sizes x variants -> PDFs.

The rooms, in the order a build goes through them:

* ``record``: the build record, which answers a build with nothing changed since the last
  successful one without loading the campaign (``posters build`` asks it first);
* ``pipeline``: ``build()``, the pipeline in order;
* ``request``: BuildRequest and ``plan()``, the outputs to make (formats from the layouts);
* ``outputs``: each output's name and place, and the removal of stale outputs and debris;
* ``pool``: the tasks run in this process or in worker processes;
* ``task``: one language and format: localize, lay out, write; the one exception net
  (``failures``) for both ways of running it;
* ``write``: render, PDF/X, preflight, then rename into place;
* ``fingerprint``: what an output depends on, so that an up-to-date one is not rebuilt;
* ``report``: the one build-report.json, read by the gallery, serve and check.

The names below are loaded when first asked for: importing a room of this package (the
record, the request) does not import the pipeline, the campaign schema or the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from posters.build.failures import worker_memory_limit
    from posters.build.outputs import ALL_LANGUAGES, GENERIC, VARIANTS, Output, output_path
    from posters.build.pipeline import BuildInterrupted, BuildResult, Progress, build
    from posters.build.request import BuildRequest, UsageError, plan
    from posters.build.task import OutputResult, TaskResult

_WHERE = {
    "ALL_LANGUAGES": "outputs", "GENERIC": "outputs", "VARIANTS": "outputs",
    "Output": "outputs", "output_path": "outputs",
    "BuildInterrupted": "pipeline", "BuildResult": "pipeline", "Progress": "pipeline",
    "build": "pipeline",
    "BuildRequest": "request", "UsageError": "request", "plan": "request",
    "OutputResult": "task", "TaskResult": "task",
    "worker_memory_limit": "failures",
}

__all__ = [
    "ALL_LANGUAGES", "GENERIC", "VARIANTS", "BuildInterrupted", "BuildRequest", "BuildResult",
    "Output", "OutputResult", "Progress", "TaskResult", "UsageError", "build", "output_path",
    "plan", "worker_memory_limit",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'posters.build' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"posters.build.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
