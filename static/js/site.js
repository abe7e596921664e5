// Behaviour that used to sit in inline on*= attributes, moved here so the Content-Security-Policy can forbid inline
// script. Delegated from the document, so it also works in fragments htmx swaps in.
//   <form data-confirm="Delete …?">  asks before submitting (a cancel stops the submit).
//   <select data-autosubmit>          submits its form when its value changes (filters, date pickers).
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-confirm]") : null;
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute && field.hasAttribute("data-autosubmit")) field.form.submit();
  });
})();
