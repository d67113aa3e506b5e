// trainwise: the rest timer of the today screen. After a set is logged (htmx fires "rest-timer"
// with the planned rest), a countdown shows at the bottom; it can be skipped. The page works without it.
(function () {
  var timer = null;
  function el(id) { return document.getElementById(id); }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    var box = el("rest-timer");
    if (box) { box.hidden = true; }
  }
  function show(seconds) {
    var box = el("rest-timer"), out = el("rest-time");
    if (!box || !out) { return; }
    stop();
    var end = Date.now() + seconds * 1000;
    box.hidden = false;
    box.classList.remove("done");
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      out.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        clearInterval(timer); timer = null;
        box.classList.add("done");
        out.textContent = "Go!";
        if (navigator.vibrate) { navigator.vibrate(200); }
      }
    }
    tick();
    timer = setInterval(tick, 250);
  }
  document.addEventListener("rest-timer", function (e) {
    var seconds = e.detail && e.detail.seconds;
    if (seconds > 0) { show(seconds); }
  });
  document.addEventListener("click", function (e) {
    if (e.target && e.target.id === "rest-skip") { stop(); }
  });
})();
