// Data pages: ask before a delete (forms marked data-confirm). The question
// is the attribute's text, which the server writes in the page's language
// (records.deleteConfirm). No inline script (CSP): this file is loaded with defer.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
});
