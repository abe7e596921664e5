/* A search box above each <select data-filter>: typing hides the options that do not match (chosen ones stay
   visible), and a line under a multiple select counts the chosen ones, so a list of ~90 names is usable on a phone
   as on a desktop. Loaded as a file (no inline script, for the Content-Security-Policy); htmx swaps are covered. */
(function () {
  "use strict";

  function attach(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.filter;
    box.setAttribute("aria-label", select.dataset.filter);
    box.setAttribute("data-testid", "filter-" + select.name);
    select.parentNode.insertBefore(box, select);
    var count = null;
    if (select.multiple && select.dataset.filterCount) {
      count = document.createElement("div");
      count.className = "form-text";
      count.setAttribute("data-testid", "chosen-" + select.name);
      select.parentNode.insertBefore(count, select.nextSibling);
    }
    function recount() {
      if (count) count.textContent = select.dataset.filterCount.replace("{n}", select.selectedOptions.length);
    }
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = q !== "" && !option.selected && option.text.toLowerCase().indexOf(q) === -1;
      });
    });
    select.addEventListener("change", recount);
    recount();
  }

  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-filter]"), attach);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
