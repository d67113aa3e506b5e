// trainwise: small progressive enhancements (the pages work without this file).
// Filter panels start open on wide screens; on phones they stay folded unless a filter is on.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
});
