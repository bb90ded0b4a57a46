// Typesets the TeX that Markdig left in .math elements (\(...\) inline, \[...\] or .display for display) with KaTeX,
// loaded from assets/katex beside the page, so the report needs no network.
(function () {
  if (typeof katex === "undefined") {
    return;
  }
  document.querySelectorAll(".math").forEach(function (element) {
    var display = element.tagName === "DIV" || element.classList.contains("display");
    var tex = element.textContent.trim().replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, element, { displayMode: display, throwOnError: false });
  });
})();
