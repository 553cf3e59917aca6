// Pace - small progressive enhancements. Every page works without this file.
'use strict';

// Her time zone offset (minutes east of UTC, not sensitive) so the server
// shows session times in her local time; without it times are in UTC.
document.cookie = `pace-tz=${-new Date().getTimezoneOffset()}; path=/; max-age=31536000; ` +
  `samesite=strict${location.protocol === 'https:' ? '; secure' : ''}`;
// Her zone by name ("Europe/Berlin"), so the report gives every date its
// own offset (summer time or not); without it the report form offers UTC.
{
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  if (/^[A-Za-z0-9_+\-/]{1,63}$/.test(zone)) {
    document.cookie = `pace-zone=${zone}; path=/; max-age=31536000; ` +
      `samesite=strict${location.protocol === 'https:' ? '; secure' : ''}`;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  // A copy button beside a freshly created API token.
  for (const code of document.querySelectorAll('code.token')) {
    if (!navigator.clipboard) continue;
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'button secondary small';
    btn.textContent = code.dataset.copy || 'Copy';
    btn.addEventListener('click', async () => {
      await navigator.clipboard.writeText(code.textContent.trim());
      btn.textContent = code.dataset.copied || 'Copied';
    });
    code.after(btn);
  }
});
