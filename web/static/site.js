// Keyboard triage for the findings queue: j and k move between findings,
// Enter opens the current one, / goes to the filters. The pages work
// without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.row"));
    if (!rows.length) { return; }
    var cur = -1;
    function go(i) {
      if (i < 0 || i >= rows.length) { return; }
      if (cur >= 0) { rows[cur].classList.remove("current"); }
      cur = i;
      rows[cur].classList.add("current");
      var a = rows[cur].querySelector("a.open");
      if (a) { a.focus(); }
    }
    rows.forEach(function (r, i) {
      r.addEventListener("focusin", function () {
        if (cur >= 0 && cur !== i) { rows[cur].classList.remove("current"); }
        cur = i; r.classList.add("current");
      });
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target.tagName;
      if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.key === "j") { e.preventDefault(); go(cur + 1); }
      else if (e.key === "k") { e.preventDefault(); go(cur - 1 < 0 ? 0 : cur - 1); }
      else if (e.key === "/") { e.preventDefault(); var f = document.getElementById("f-person"); if (f) { f.focus(); } }
    });
  });
})();
