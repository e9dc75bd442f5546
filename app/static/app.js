// Progressive enhancement only: every page works without this file.
// Save a reflection as the learner types (the form still saves on submit without JavaScript).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  function save() {
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      status.textContent = response.ok ? "Saved." : "Not saved. Use the Save reflection button.";
    }).catch(function () {
      status.textContent = "Not saved. Check your connection, then use the Save reflection button.";
    });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    status.textContent = "";
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") { save(); }
  });
}());
