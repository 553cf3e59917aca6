// progress-steps.js - a few months of her history for /progress, made as
// she would: her kit ticked on /kit, a token from /settings, then sessions,
// goals and a comfort-ladder entry through the API. Shared by
// progress.spec.js and pages.js.
'use strict';

const { tickKit, apiToken, logSession } = require('./plan-steps');

const DAY = 24;

async function api(page, method, path, token, body) {
  const r = await page.request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    data: JSON.stringify(body),
  });
  if (r.status() >= 300) throw new Error(`${method} ${path}: ${r.status()} ${await r.text()}`);
  return r;
}

// About twelve weeks: sizes from 16 to 20 mm, pain after practice easing
// from 5 to 1, spasms early on, two quiet weeks in the middle (a gap), a
// "not today"; goals a tampon and her own; one comfort-ladder entry.
async function seedHistory(page) {
  await tickKit(page, ['fms-16', 'fms-18', 'fms-20']);
  const token = await apiToken(page);
  const plan = [
    [82, 'fms-16', 6, 5, [40, 25]], [79, 'fms-16', 5, 5, [30]], [75, 'fms-16', 5, 4, [20]],
    [68, 'fms-16', 4, 4, []], [64, 'fms-16', 4, 3, [15]], [61, 'fms-18', 5, 4, [35]],
    [54, 'fms-18', 4, 3, []], [50, 'fms-18', 4, 3, [10]],
    // days 49 to 34: nothing logged
    [33, 'fms-18', 4, 3, []], [30, 'fms-18', 3, 2, []], [26, 'fms-18', 3, 2, [12]],
    [19, 'fms-20', 4, 3, []], [16, 'fms-20', 3, 2, []], [12, 'fms-20', 3, 2, []],
    [8, 'fms-20', 2, 1, []], [5, 'fms-20', 2, 1, []], [2, 'fms-20', 2, 1, []],
  ];
  for (const [days, size, fear, pain, spasms] of plan) {
    await logSession(page, token, days * DAY + 3, {
      dilator_id: size,
      before: { fear: fear + 1, tension: fear, pain: Math.max(0, pain - 2) },
      after: { fear: Math.max(0, fear - 2), tension: Math.max(0, fear - 2), pain },
      spasms: spasms.map((d, i) => ({ at_s: 60 + i * 60, duration_s: d })),
    });
  }
  await logSession(page, token, 40 * DAY, {
    duration_s: 0, dilator_id: undefined, outcome: 'not_today', safety: ['infection'],
    before: undefined, after: undefined, max_pain: undefined, exercises: [],
  });
  await api(page, 'PUT', '/api/v1/goals', token, {
    goals: [{ goal: 'tampon' }, { goal: 'custom', label: 'Swimming', min_mm: 21, max_mm: 24 }],
  });
  await api(page, 'POST', '/api/v1/ladder', token, {
    items: {
      tampon: { anxiety: 3, pain: 1 },
      cotton_swab: { anxiety: 2, pain: 0 },
      finger: { anxiety: 4, pain: 2 },
      gyn_exam: { anxiety: 7, not_tried: true },
      dilator: { anxiety: 3, pain: 2 },
      intercourse: { anxiety: 8, not_tried: true },
    },
  });
  return token;
}

module.exports = { seedHistory };
