// trainwise: small progressive enhancements (the pages work without this file).
// Filter panels start open on wide screens; on phones they stay folded unless a filter is on.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
});

// Forms marked data-swap-errors show the server's answer to a refused submission (422: a field
// to fix, 409: the entry changed meanwhile) in place of the form, as they do without JavaScript.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var elt = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
  if ((status === 422 || status === 409) && elt && elt.closest && elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A refused or failed htmx request must never pass silently (a tapped set that was not saved):
// the page's own message (its role="alert" text, else its heading) or a connection notice is
// shown in a live region at the top of the page.
function twShowProblem(text) {
  var box = document.getElementById("htmx-problem");
  if (!box) {
    box = document.createElement("div");
    box.id = "htmx-problem";
    box.className = "problem-toast";
    box.setAttribute("role", "alert");
    var main = document.getElementById("main") || document.body;
    main.insertBefore(box, main.firstChild);
  }
  box.textContent = text;
  box.hidden = false;
  box.scrollIntoView({ block: "nearest" });
}
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var text = "";
  try {
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var found = doc.querySelector("[role=alert]") || doc.querySelector("h1");
    text = found ? found.textContent.trim() : "";
  } catch (e) { text = ""; }
  twShowProblem((text || "That did not work") + " (nothing was saved, error " + xhr.status + ").");
});
document.addEventListener("htmx:sendError", function () {
  twShowProblem("trainwise could not be reached: check your connection and try again. Nothing was saved.");
});
document.addEventListener("htmx:afterRequest", function (event) {
  var box = document.getElementById("htmx-problem");
  if (box && event.detail.successful) { box.hidden = true; }
});
