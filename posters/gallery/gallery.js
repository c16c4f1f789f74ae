"use strict";
(function () {
  const form = document.getElementById("filters");
  const shown = document.getElementById("shown");
  const cards = Array.from(document.querySelectorAll("li.card"));
  const groups = Array.from(document.querySelectorAll("[data-group]"));
  // Every group of boxes is an axis; a card shows when its value is ticked on each.
  const axes = Array.from(new Set(Array.from(
    form.querySelectorAll("input[type=checkbox]"), (box) => box.name)));

  function wanted(axis) {
    const boxes = form.querySelectorAll("input[type=checkbox][name=" + axis + "]");
    return new Set(Array.from(boxes).filter((b) => b.checked).map((b) => b.value));
  }

  function apply() {
    const want = {};
    for (const axis of axes) want[axis] = wanted(axis);
    let visible = 0;
    for (const card of cards) {
      const show = axes.every((axis) => want[axis].has(card.dataset[axis]));
      card.hidden = !show;
      if (show) visible += 1;
    }
    // A heading with nothing under it would only be noise.
    for (const group of groups) {
      group.hidden = group.querySelector("li.card:not([hidden])") === null;
    }
    shown.textContent = "Showing " + visible + " of " + cards.length + " outputs";
  }

  form.addEventListener("change", apply);
  // "reset" fires before the boxes are restored.
  form.addEventListener("reset", () => window.setTimeout(apply, 0));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
