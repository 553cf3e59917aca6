// reminders.js - the reminders page: when she has not chosen a time zone
// yet, the list starts at the one this browser is set to (not after she
// sent it empty: then the page asks her to choose). Without this file she
// picks it from the list herself.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const select = document.getElementById('f-tz');
  if (!select || select.value || select.getAttribute('aria-invalid') === 'true') return;
  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    return;
  }
  if (!/^[A-Za-z0-9._+\/-]{1,63}$/.test(zone)) return;
  let option = Array.from(select.options).find((o) => o.value === zone);
  if (!option) {
    // Another name for a zone of the list (as some browsers give); the
    // server checks it against its own time zone database.
    option = new Option(zone.replace(/_/g, ' '), zone);
    const first = select.options[0]; // "Choose your time zone"
    first.parentNode.insertBefore(option, first.nextSibling);
  }
  select.value = zone;
});
