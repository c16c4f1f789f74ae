"""The methods ``@dataclass`` writes, compiled once per machine, not once per process (#20).

For every dataclass, ``dataclasses`` writes its ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``... as Python source and compiles each (``_create_fn``):
some 790 functions for the 140 dataclasses a `posters build` process defines, the
largest fixed cost of its start after the imports themselves. Python keeps a module's
byte code in ``__pycache__`` for the same reason; this keeps the code of these functions
in the tool cache (``~/.cache/posters/tool/dataclass-code-<python>.marshal``), by the
digest of their source text: the same text compiles to the same code, so the classes are
the same, function for function. What is not there is compiled as before and written
when the process exits (at most MAX_ENTRIES kept; an unreadable file is only a miss).

Imported by the command line (posters.cli) before any of the tool's modules, it
replaces ``dataclasses._create_fn`` only on a Python whose ``_create_fn`` is, byte code
for byte code, the one it reproduces (SUPPORTED); on any other, dataclasses compiles as
it always does.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

# The shape (posters.dataclass_code._shape) of dataclasses._create_fn that _create_fn
# below reproduces: CPython 3.11's.
SUPPORTED = {"3.11": "91050da844254e48d9188adbd6e9472e20584b17933e56e1d05020b17b692732"}
MAX_ENTRIES = 4000  # functions kept; past it, only those this process used
_HEADER = b"posters dataclass code 1\n"

_codes: dict[str, CodeType] = {}  # by the digest of the source text
_used: set[str] = set()
_new = False
_installed = False
_original = getattr(dataclasses, "_create_fn", None)  # dataclasses' own, as found


def _shape(code: CodeType) -> bytes:
    """A function's byte code, names and constants (nested code by its own shape)."""
    parts = [code.co_code, repr(code.co_names).encode(), repr(code.co_varnames).encode()]
    for const in code.co_consts:
        parts.append(_shape(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\0".join(parts)


def shape_digest(function: Any) -> str:
    return hashlib.sha256(_shape(function.__code__)).hexdigest()


def cache_file() -> Path:
    from posters.files import user_cache

    python = f"{sys.version}\0{sys.flags.optimize}".encode()  # its marshal format, its -O
    tag = f"{sys.implementation.cache_tag}-{hashlib.sha256(python).hexdigest()[:12]}"
    return user_cache("tool", "POSTERS_TOOL_CACHE") / f"dataclass-code-{tag}.marshal"


def _compiled(text: str) -> CodeType:
    key = hashlib.sha256(text.encode()).hexdigest()
    code = _codes.get(key)
    if code is None:
        global _new
        # as exec(text) in dataclasses compiles it: no __future__ flag of this module
        code = _codes[key] = compile(text, "<string>", "exec", dont_inherit=True)
        _new = True
    _used.add(key)
    return code


def _create_fn(name, args, body, *, globals=None, locals=None,  # type: ignore[no-untyped-def]
               return_type=dataclasses.MISSING):
    # dataclasses._create_fn of CPython 3.11, line for line, but for the compiling
    if locals is None:
        locals = {}
    return_annotation = ''
    if return_type is not dataclasses.MISSING:
        locals['_return_type'] = return_type
        return_annotation = '->_return_type'
    args = ','.join(args)
    body = '\n'.join(f'  {b}' for b in body)
    txt = f' def {name}({args}){return_annotation}:\n{body}'
    local_vars = ', '.join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    ns: dict[str, Any] = {}
    exec(_compiled(txt), globals, ns)
    return ns['__create_fn__'](**locals)


def _load(path: Path) -> dict[str, CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(_HEADER):
        return {}
    try:
        stored = marshal.loads(data[len(_HEADER):])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {key: code for key, code in stored.items()
            if isinstance(key, str) and isinstance(code, CodeType)}


def save() -> None:
    """Write what this process compiled, with what was there (a cache that cannot be
    written only costs the compiling again)."""
    global _new
    if not _new:
        return
    _new = False
    from posters.files import write_atomic

    path = cache_file()
    codes = {**_load(path), **_codes}
    if len(codes) > MAX_ENTRIES:
        codes = {key: code for key, code in codes.items() if key in _used}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _HEADER + marshal.dumps(codes))
    except (OSError, ValueError):
        pass


def install() -> bool:
    """Compile dataclasses' methods through the cache from now on; False (and nothing
    changed) on a Python whose dataclasses this does not reproduce."""
    global _installed
    if _installed:
        return True
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if _original is None or SUPPORTED.get(version) != shape_digest(_original) \
            or dataclasses._create_fn is not _original:
        return False
    _codes.update(_load(cache_file()))
    dataclasses._create_fn = _create_fn
    atexit.register(save)
    _installed = True
    return True


install()  # on import: posters.cli imports this module before any other of the tool's
