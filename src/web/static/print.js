// Pace - the Print button of the exam plan (/exam-prep). Without this file
// the page shows how to print with the browser's own command instead.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const btn = document.querySelector('[data-print]');
  if (!btn || typeof window.print !== 'function') return;
  btn.hidden = false;
  const hint = document.querySelector('[data-print-hint]');
  if (hint) hint.hidden = true;
  btn.addEventListener('click', () => window.print());
});
