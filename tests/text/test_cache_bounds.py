"""The text engine's caches stay within their bounds in bytes, keep what is in use, and
their byte estimates are what the entries hold (tracemalloc, not the process's RSS)."""

from __future__ import annotations

import gc
import random
import tracemalloc

import pytest

from posters.text import TextEngine, shaping
from posters.text.config import load_config
from posters.text.engine import FIT_CACHE_BYTES
from posters.text.lru import BoundedCache
from posters.text.model import TextStyle
from posters.text.setting import PREPARED_CACHE_BYTES

STYLE = TextStyle(size=14, min_size=8)


def addresses(count: int, seed: int) -> list[str]:
    """Distinct texts like a personalised batch's: one station's name and address each."""
    rng = random.Random(seed)
    words = ("Sakura", "Matsubara", "Kawaguchi", "Hirano", "Fujimi", "Takada", "Ueno",
             "Honcho", "Ekimae", "Shinmachi", "Chuo", "Kita", "Minami", "Higashi", "Nishi")
    return [f"{rng.choice(words)} Police Station {i}, {rng.randrange(1, 9)}-"
            f"{rng.randrange(1, 30)}-{rng.randrange(1, 40)} {rng.choice(words)}, "
            f"{rng.choice(words)}-ku, {rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"
            for i in range(count)]


def test_bounded_cache_evicts_the_least_recently_used_within_its_cost():
    cache: BoundedCache[str] = BoundedCache(10, len)
    cache.put("a", "xxx")
    cache.put("b", "xxx")
    cache.put("c", "xxx")
    assert cache.get("a") == "xxx"  # a is now the most recently used
    cache.put("d", "xxx")  # 12 > 10: the least recently used (b) goes
    assert "b" not in cache and all(k in cache for k in "acd")
    assert cache.cost == 9 and len(cache) == 3
    cache.put("e", "x" * 11)  # costs more than the whole bound: not kept, nothing lost
    assert "e" not in cache and len(cache) == 3
    cache.put("a", "x")  # replaced: its old cost is given back
    assert cache.cost == 7


def test_bounded_cache_entries_bound():
    cache: BoundedCache[int] = BoundedCache(1000, lambda _: 1, max_entries=2)
    for key in range(5):
        cache.put(key, key)
    assert len(cache) == 2 and 3 in cache and 4 in cache
    cache.clear()
    assert len(cache) == 0 and cache.cost == 0
    with pytest.raises(ValueError):
        BoundedCache(0, len)


def test_a_batch_of_distinct_texts_stays_within_the_caches_bounds():
    """Set far more distinct texts than the caches hold (a batch's addresses): each
    cache's cost stays under its bound while it evicts, and a text every output sets
    (hit between the new ones) is kept: fit() gives back the very same object."""
    engine = TextEngine(load_config())
    shared = "Call the hotline: 0120-000-000 (free, 24 hours)"
    first = engine.fit(shared, "en", STYLE, 200, 120)
    texts = addresses(600, seed=20)
    for number, text in enumerate(texts):
        engine.fit(text, "en", STYLE, 200, 120)
        if number % 25 == 0:
            assert engine.fit(shared, "en", STYLE, 200, 120) is first
        assert engine._fitted.cost <= FIT_CACHE_BYTES
        assert engine._preparer._cache.cost <= PREPARED_CACHE_BYTES
        assert shaping._shaped.cost <= shaping.SHAPED_CACHE_BYTES
    assert len(engine._fitted) < len(texts)  # it did evict: the bound was reached
    assert engine._fitted.cost > FIT_CACHE_BYTES // 2
    assert engine.fit(shared, "en", STYLE, 200, 120) is first


@pytest.mark.parametrize("lang", ["en", "ja", "ar"])
def test_the_caches_byte_estimates_are_what_their_entries_hold(lang):
    """What emptying each cache frees (tracemalloc: Python's own count of the bytes it
    allocated, the same on every run) is its estimated cost, within a factor of two: a
    bound in estimated bytes is a bound in bytes."""
    engine = TextEngine(load_config())
    texts = {"en": addresses(60, seed=6),
             "ja": [f"{i}番 交番のお知らせ\uff1a困ったときは相談してください。" for i in range(60)],
             "ar": [f"مركز الشرطة رقم {i}: اتصلوا بنا في أي وقت، الخدمة مجانية." for i in range(60)]
             }[lang]
    shaping._shaped.clear()
    tracemalloc.start()
    try:
        for text in texts:
            engine.fit(text, lang, STYLE, 180, 200)
        assert len(engine._fitted) == len(texts)  # nothing evicted: all are measured

        def freed(cache: BoundedCache) -> tuple[int, int]:
            estimate = cache.cost
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            cache.clear()
            gc.collect()
            return before - tracemalloc.get_traced_memory()[0], estimate

        measured = {"fit": freed(engine._fitted)}
        freed(shaping._shaped)  # what is left of the runs is the paragraphs' own
        measured["prepared"] = freed(engine._preparer._cache)
    finally:
        tracemalloc.stop()
    for name in ("fit", "prepared"):
        actual, estimate = measured[name]
        assert estimate / 2 <= actual <= estimate * 2, (name, actual, estimate)


def test_the_shaping_cache_estimate_is_what_its_runs_hold():
    engine = TextEngine(load_config())
    setup = engine.config.language("en")
    font = engine.fonts.get(setup.stack[0], "regular")
    texts = addresses(80, seed=7)
    shaping._shaped.clear()
    tracemalloc.start()
    try:
        for text in texts:
            shaping.shape(font, text, 0, len(text), False, "Latn", setup.hb_language)
        assert len(shaping._shaped) == len(texts)
        estimate = shaping._shaped.cost
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        shaping._shaped.clear()
        gc.collect()
        actual = before - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert estimate / 2 <= actual <= estimate * 2, (actual, estimate)
