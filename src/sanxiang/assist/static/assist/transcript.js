// The transcript follows the player: click a line to seek, the line being played is marked.
// While a transcription runs, its progress is polled.
(function () {
  "use strict";
  function ready() {
    var player = document.getElementById("transcript-player");
    var lines = Array.prototype.slice.call(document.querySelectorAll(".transcript-line"));
    if (player && lines.length) {
      lines.forEach(function (line) {
        line.querySelector("button").addEventListener("click", function () {
          player.currentTime = parseFloat(line.dataset.start);
          player.play();
        });
      });
      player.addEventListener("timeupdate", function () {
        var t = player.currentTime;
        lines.forEach(function (line) {
          var on = t >= parseFloat(line.dataset.start) && t < parseFloat(line.dataset.end);
          line.classList.toggle("current", on);
          if (on) { line.setAttribute("aria-current", "true"); }
          else { line.removeAttribute("aria-current"); }
        });
      });
    }
    var bar = document.getElementById("transcript-progress");
    if (bar) {
      var timer = setInterval(function () {
        fetch(bar.dataset.url, {credentials: "same-origin"}).then(function (r) {
          return r.json();
        }).then(function (job) {
          bar.value = job.progress;
          document.getElementById("transcript-percent").textContent = job.progress + "%";
          if (job.state === "done" || job.state === "failed") {
            clearInterval(timer);
            window.location.reload();
          }
        });
      }, 3000);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); }
  else { ready(); }
})();
