// The daily entry's live totals: Σ output × price − Σ input × price and that ÷ hours, as the leader types.
// Display only — the server computes the stored value in Decimal.
(function () {
  var form = document.getElementById("entry-form");
  if (!form) return;
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "zh-CN", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  function number(text) {
    var n = parseFloat(String(text).replace(/[,，\s]/g, ""));
    return isFinite(n) ? n : null;
  }
  function update() {
    var total = 0, any = false;
    form.querySelectorAll("[data-price]").forEach(function (input) {
      var q = number(input.value), p = number(input.dataset.price);
      if (q !== null && p !== null) { total += q * p * (+input.dataset.sign); any = true; }
    });
    var hours = number(form.querySelector("[data-hours]").value);
    form.querySelector("[data-total-value]").textContent = any ? fmt.format(total) : "—";
    form.querySelector("[data-total-rate]").textContent = any && hours ? fmt.format(total / hours) : "—";
    // Warn before saving when the day would fall far outside the team's own range (the server flags it too).
    var note = form.querySelector("[data-outlier-note]"), low = number(form.dataset.usualLow), high = number(form.dataset.usualHigh);
    if (note) {
      var rate = any && hours ? total / hours : null;
      note.hidden = !(rate !== null && low !== null && high !== null && (rate < low || rate > high));
    }
  }
  form.addEventListener("input", update);
  // On a phone the sticky totals bar sits over the bottom of the screen: a field that gets the focus under it (the
  // keyboard's "next", a tap on the last field) is scrolled up to stand clear of it.
  var bar = form.querySelector("[data-testid=entry-total]");
  form.addEventListener("focusin", function (event) {
    if (!bar || event.target === bar || bar.contains(event.target)) return;
    var field = event.target.getBoundingClientRect(), totals = bar.getBoundingClientRect();
    if (field.bottom > totals.top - 8 && field.top < totals.bottom) {
      window.scrollBy({ top: field.bottom - totals.top + 28, behavior: "instant" });
    }
  });
  update();
})();
