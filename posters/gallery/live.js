"use strict";
// Served by `posters serve`: reload when a rebuild or a review changed the page, and
// record review decisions.
(function () {
  const events = new EventSource("/events");
  let version = null;
  events.addEventListener("version", (event) => {
    if (version === null) version = event.data;
    else if (event.data !== version) location.reload();
  });

  const dialog = document.getElementById("review");
  const form = document.getElementById("review-form");
  const status = document.getElementById("review-status");
  let paths = [];
  for (const button of document.querySelectorAll("button.review")) {
    button.addEventListener("click", () => {
      paths = button.dataset.paths.split(" ");
      document.getElementById("review-what").textContent = button.dataset.name +
        (paths.length > 1 ? " and its regional variants (" + paths.length + " outputs)" : "");
      form.elements.by.value = localStorage.getItem("posters-reviewer") || "";
      form.elements.comment.value = "";
      status.textContent = "";
      dialog.showModal();
    });
  }
  document.getElementById("review-cancel").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const decision = form.elements.decision.value;
    const by = form.elements.by.value.trim();
    localStorage.setItem("posters-reviewer", by);
    status.textContent = "Saving…";
    try {
      const response = await fetch("/review", {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({paths, decision, by, comment: form.elements.comment.value}),
      });
      const answer = await response.json();
      if (!response.ok) { status.textContent = answer.error; return; }
      // the server's event reloads the page; should the stream be down, reload anyway
      status.textContent = "Saved";
      window.setTimeout(() => location.reload(), 3000);
    } catch (error) {
      status.textContent = "The server did not answer; is `posters serve` still running?";
    }
  });
})();
