import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {openSandboxSession, sandboxPollMs} from '../../source/platform/session.js';

test('the embedded sandbox is asked about a job every 5 simulated seconds, between 250 ms and 10 s of real time', () => {
	// The default speed keeps the four polls a second the wizard always had.
	assert.equal(sandboxPollMs(), 250);
	assert.equal(sandboxPollMs(20), 250);
	assert.equal(sandboxPollMs(1), 5000);
	assert.equal(sandboxPollMs(2), 2500);
	assert.equal(sandboxPollMs(1000), 250);
	assert.equal(sandboxPollMs(0.1), 10_000);
	assert.equal(sandboxPollMs(0), 10_000);
	// A speed the flag parser let through as a word or a negative number never makes a busy loop.
	assert.equal(sandboxPollMs(Number.NaN), 250);
	assert.equal(sandboxPollMs(-3), 250);
});

test('a --speed 1 sandbox session follows jobs at that pace', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'session-poll-'));
	const session = await openSandboxSession({sandbox: true, out: path.join(folder, 'out'), speed: 1, faults: undefined}, new ConfigStore(path.join(folder, 'config')));
	try {
		assert.equal(session.pollMs, 5000);
	} finally {
		await session.close();
	}
});
