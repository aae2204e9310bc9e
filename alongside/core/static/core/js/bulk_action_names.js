// Wagtail's bulk-action bar looks up its "1 … selected" wording under the footer's
// data-bulk-action-footer key; give it the wording for this listing's rows.
(() => {
  const names = document.getElementById('bulk-action-names');
  const footer = document.querySelector('[data-bulk-action-footer]');
  if (names && footer) {
    window.wagtailConfig.STRINGS.BULK_ACTIONS[footer.dataset.bulkActionFooter] = JSON.parse(
      names.textContent,
    );
  }
})();
