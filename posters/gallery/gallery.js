"use strict";
(function () {
  const form = document.getElementById("filters");
  const shown = document.getElementById("shown");
  const cards = Array.from(document.querySelectorAll("li.card"));
  const groups = Array.from(document.querySelectorAll("[data-group]"));
  const total = cards.reduce((n, card) => n + Number(card.dataset.outputs || 1), 0);
  // Every group of boxes is an axis; a card shows when one of its values is ticked on
  // each (a card of regional variants has several regions, statuses, check results).
  const axes = Array.from(new Set(Array.from(
    form.querySelectorAll("input[type=checkbox]"), (box) => box.name)));
  const boxes = (axis) => Array.from(
    form.querySelectorAll("input[type=checkbox][name=" + axis + "]"));

  function wanted(axis) {
    return new Set(boxes(axis).filter((b) => b.checked).map((b) => b.value));
  }

  // The filter is in the address (#lang=th&format=poster), so a link shows a colleague
  // the same outputs; an axis with every box ticked is left out.
  function saveState() {
    const params = new URLSearchParams();
    for (const axis of axes) {
      const all = boxes(axis);
      const ticked = all.filter((b) => b.checked).map((b) => b.value);
      if (ticked.length !== all.length) params.set(axis, ticked.join(","));
    }
    const hash = params.toString();
    const url = location.pathname + location.search + (hash ? "#" + hash : "");
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", url);
    }
  }

  function loadState() {
    if (!location.hash.includes("=")) return;
    const params = new URLSearchParams(location.hash.slice(1));
    for (const axis of axes) {
      if (!params.has(axis)) continue;
      const ticked = new Set(params.get(axis).split(",").filter((v) => v));
      for (const box of boxes(axis)) box.checked = ticked.has(box.value);
    }
  }

  function apply() {
    const want = {};
    for (const axis of axes) want[axis] = wanted(axis);
    let visible = 0;
    for (const card of cards) {
      const show = axes.every((axis) => (card.dataset[axis] || "").split(" ")
        .some((value) => want[axis].has(value)));
      card.hidden = !show;
      if (show) visible += Number(card.dataset.outputs || 1);
    }
    // A heading with nothing under it would only be noise.
    for (const group of groups) {
      group.hidden = group.querySelector("li.card:not([hidden])") === null;
    }
    shown.textContent = "Showing " + visible + " of " + total + " outputs";
  }

  form.addEventListener("change", () => { apply(); saveState(); });
  // "reset" fires before the boxes are restored.
  form.addEventListener("reset", () => window.setTimeout(() => { apply(); saveState(); }, 0));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  loadState();
  apply();
})();
