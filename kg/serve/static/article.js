// The article view: the span named in the URL fragment (#span-START-END) is outlined and scrolled to.
(function () {
  "use strict";
  function show() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    const m = /^#span-(\d+-\d+)$/.exec(window.location.hash);
    if (!m) return;
    const marks = document.querySelectorAll("mark[data-spans~='" + m[1] + "']");
    marks.forEach(function (mark) { mark.classList.add("current"); });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", show);
  show();
})();
