import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatAge} from '../source/format.js';

test('a platform date is said as an age, whatever zone the platform wrote it in', () => {
	const now = Date.parse('2026-11-29T19:40:00Z');
	assert.equal(formatAge('2026-11-29T19:39:40.225000Z', now), 'just now');
	assert.equal(formatAge('2026-11-29T19:35:00Z', now), '5 min ago');
	// Rescale's -07:00: 12:10 there is 19:10 UTC.
	assert.equal(formatAge('2026-11-29T12:10:00-07:00', now), '30 min ago');
	assert.equal(formatAge('2026-11-29T16:30:00+00:00', now), '3 h ago');
	const older = new Date(2026, 10, 20, 23, 30);
	assert.equal(formatAge(older.toISOString(), now), 'on 2026-11-20', 'the day in local time');
});

test('a date ahead of this machine\'s clock, unreadable or missing is said as it is', () => {
	const now = Date.parse('2026-11-29T19:40:00Z');
	assert.equal(formatAge('2026-11-29T19:40:30Z', now), 'just now', 'half a minute of clock skew');
	assert.equal(formatAge('2026-11-29T21:00:00Z', now), 'at 2026-11-29T21:00:00Z');
	assert.equal(formatAge('yesterday', now), 'yesterday');
	assert.equal(formatAge(undefined, now), 'at an unknown time');
});
