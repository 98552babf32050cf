// The answer form: after a refused submission, move the focus to the error summary (screen readers read
// it, the phone scrolls to it); a link of the summary puts the focus on its question's first input.
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-summary-for]");
    if (!link) return;
    var question = document.getElementById("q-" + link.dataset.summaryFor);
    var input = question && question.querySelector("input, select, textarea");
    if (!input) return;
    event.preventDefault();
    question.scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  });
})();
