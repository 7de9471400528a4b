// Data pages: ask before a delete (forms marked data-confirm). No inline
// script (CSP): this file is loaded with defer.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.getAttribute('data-confirm') || 'Are you sure?')) event.preventDefault();
  });
});
