import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatAge} from '../source/format.js';

const now = Date.parse('2026-11-29T19:40:00Z');

/** Runs `check` with this process in another time zone (Node reads TZ at each date operation). */
function inZone(zone: string, check: () => void) {
	const original = process.env.TZ;
	process.env.TZ = zone;
	try {
		check();
	} finally {
		if (original === undefined) {
			delete process.env.TZ;
		} else {
			process.env.TZ = original;
		}
	}
}

test('a platform date in the past is said as an age, whatever zone the platform wrote it in', () => {
	assert.equal(formatAge('2026-11-29T19:39:40.225000Z', now), 'just now');
	assert.equal(formatAge('2026-11-29T19:35:00Z', now), '5 min ago');
	// Rescale's -07:00: 12:10 there is 19:10 UTC.
	assert.equal(formatAge('2026-11-29T12:10:00-07:00', now), '30 min ago');
	assert.equal(formatAge('2026-11-29T16:30:00+00:00', now), '3 h ago');
	const older = new Date(2026, 10, 20, 23, 30);
	assert.equal(formatAge(older.toISOString(), now), 'on 2026-11-20', 'the day in local time');
});

test('a date a few minutes ahead of this machine\'s clock is clock skew: just now, never a negative age', () => {
	assert.equal(formatAge('2026-11-29T19:40:30Z', now), 'just now', 'half a minute ahead');
	assert.equal(formatAge('2026-11-29T19:44:00Z', now), 'just now', 'four minutes ahead');
	assert.equal(formatAge('2026-11-29T12:43:00-07:00', now), 'just now', 'three minutes ahead, written in -07:00');
});

test('a date far ahead of this machine\'s clock is said as its local day and time, not raw', () => {
	const ahead = new Date(2026, 10, 30, 14, 5);
	assert.equal(formatAge(ahead.toISOString(), now), 'on 2026-11-30 at 14:05');
	const tenMinutes = new Date(now + 10 * 60_000);
	assert.equal(formatAge(tenMinutes.toISOString(), now), `on 2026-11-${String(tenMinutes.getDate()).padStart(2, '0')} at ${String(tenMinutes.getHours()).padStart(2, '0')}:${String(tenMinutes.getMinutes()).padStart(2, '0')}`);
	assert.doesNotMatch(formatAge('2026-11-30T21:00:00.123456Z', now), /T|Z|-\d+ min|ago/);
});

test('a future date is said in the user\'s own zone, whichever zone that is', () => {
	inZone('America/Phoenix', () => {
		assert.equal(formatAge('2026-11-30T21:00:00Z', now), 'on 2026-11-30 at 14:00');
		assert.equal(formatAge('2026-11-30T14:00:00-07:00', now), 'on 2026-11-30 at 14:00');
	});
	inZone('Asia/Kolkata', () => {
		assert.equal(formatAge('2026-11-30T21:00:00Z', now), 'on 2026-12-01 at 02:30', 'past midnight there: the next day');
		assert.equal(formatAge('2026-11-20T21:00:00Z', now), 'on 2026-11-21');
	});
	inZone('UTC', () => {
		assert.equal(formatAge('2026-11-30T14:00:00-07:00', now), 'on 2026-11-30 at 21:00');
	});
});

test('a date that cannot be read, or none, is said to be unknown rather than shown raw', () => {
	assert.equal(formatAge('yesterday', now), 'at an unknown time');
	assert.equal(formatAge('', now), 'at an unknown time');
	assert.equal(formatAge('2026-13-45T99:00:00Z', now), 'at an unknown time');
	assert.equal(formatAge(undefined, now), 'at an unknown time');
});
