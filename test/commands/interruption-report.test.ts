import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {reportInterruption} from '../../source/commands/submission.js';
import {ConfigStore} from '../../source/platform/config.js';
import {openSandboxSession, type Session} from '../../source/platform/session.js';
import {RescaleError} from '../../source/rescale/errors.js';

/** What reportInterruption says after a Ctrl-C, for the plan's record as the pipeline left it. */
async function said(session: Session, planKey: string): Promise<string> {
	let text = '';
	const stdout = new Writable({write(chunk: Buffer, _encoding, done) {
		text += chunk.toString();
		done();
	}});
	const controller = new AbortController();
	controller.abort();
	const cancelled = new RescaleError({kind: 'cancelled', message: 'cancelled', hint: '', request: 'POST /api/v2/jobs/'});
	const status = await reportInterruption(cancelled, controller.signal, {session, planKey, stopOnExit: false, again: 'the same command', output: {stdout, stderr: stdout}});
	assert.equal(status, 130);
	return text;
}

describe('Ctrl-C before a job id came back names the platform the command talks to', () => {
	let session: Session;
	before(async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'interruption-report-'));
		session = await openSandboxSession({sandbox: true, out: path.join(folder, 'out'), speed: undefined, faults: undefined}, new ConfigStore(path.join(folder, 'config')));
	});
	after(async () => {
		await session.close();
	});

	test('cancelled while the create request was out: the sandbox, not Rescale, was creating the job', async () => {
		session.config.jobs.save('in-doubt', {kind: 'build', name: 'image build', platform: session.platformId, token: 'token-1', uploads: [{id: 'f1', name: 'x.def'}], pending: [], savedAt: new Date().toISOString()});
		assert.equal(await said(session, 'in-doubt'), 'Cancelled while the sandbox was creating the job; it may exist. Run the same command again (the same command): it finds that job by its token and follows it, or deletes the 1 file(s) uploaded for it.\n');
		assert.match(await said({...session, embeddedSandbox: false}, 'in-doubt'), /^Cancelled while Rescale was creating the job/);
	});

	test('cancelled mid-upload (against Rescale too): no job can exist yet, only the upload is in doubt', async () => {
		session.config.jobs.save('mid-upload', {kind: 'run', name: 'run', platform: session.platformId, token: 'token-2', uploads: [], pending: [{name: 'inputs.tar.gz', size: 10, startedAt: new Date().toISOString(), host: 'here', pid: 1}], savedAt: new Date().toISOString()});
		assert.equal(await said({...session, embeddedSandbox: false}, 'mid-upload'), 'Cancelled while uploading inputs.tar.gz, before a job was created: nothing runs on Rescale. The upload may have arrived all the same; run the same command again (the same command) and it deletes what this attempt left before it uploads afresh.\n');
	});

	test('cancelled with no record left: nothing runs in the sandbox (on Rescale, against Rescale)', async () => {
		assert.equal(await said(session, 'no-record'), 'Cancelled before a job was created; nothing runs in the sandbox and nothing uploaded was kept.\n');
		assert.equal(await said({...session, embeddedSandbox: false}, 'no-record'), 'Cancelled before a job was created; nothing runs on Rescale and nothing uploaded was kept.\n');
	});
});
