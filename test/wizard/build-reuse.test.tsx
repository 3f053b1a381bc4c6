import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, request, type ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {exampleRoot} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';
import {testApiKey} from '../helpers/sandbox.js';
import {keys} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';
import {enterAt, pause, renderWizard, type Ui} from '../helpers/wizard-walk.js';

// A copy of the example: one of its files is changed below.
const folder = path.join(mkdtempSync(path.join(tmpdir(), 'build-reuse-')), 'gauge-equivariant-mesh-cnn');
cpSync(exampleRoot, folder, {recursive: true});
const services = await testServices({}, folder);
const {sandbox} = services;
const imagesFolder = path.join(path.dirname(services.config.path), 'images');
/** The screen with each run of spaces and line breaks as one space: the lines wrap where the width says. */
const flat = (ui: Ui) => ui.screen().replaceAll(/\s+/g, ' ');
const buildJobs = () => [...sandbox.store.jobs.values()].filter(job => job.name.includes('Image Build'));

/** A new wizard on the same folder, config and sandbox, walked to step 4 (the key step answered with the sandbox). */
async function toStep4() {
	const app = renderWizard(services);
	const {ui} = app;
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']);
	await ui.waitFor(/Enter (submit the build job|use it)/, 30_000);
	return {ui, app, done: () => {
		ui.unmount();
	}};
}

test('the wizard again on the same Dockerfile offers the image built before, and Enter takes it to step 5: one build job in all', async () => {
	const first = await toStep4();
	await pause(confirmDelayMs);
	await first.ui.press(keys.enter);
	await first.ui.waitFor('✓ Built gauge-equivariant-mesh-cnn.sif', 30_000);
	first.done();
	const [job] = buildJobs();
	const sif = [...sandbox.store.files.values()].find(file => file.name.endsWith('.sif'))!;
	assert.ok(job && sif);

	const again = await toStep4();
	const screen = again.ui.screen();
	assert.match(screen, new RegExp(`Built already from this def and context: gauge-equivariant-mesh-cnn\\.sif \\(file id ${sif.id}, [\\d.]+ KB\\),\\s+built \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by job ${job.id}\\.`));
	assert.match(screen, /Enter use it \(no new job\) {2}· {2}b build again \(a new job, at most \$[\d.]+ simulated\) {2}· {2}Esc back/);
	assert.doesNotMatch(screen, /submit the build job/);
	await pause(confirmDelayMs);
	await again.ui.press(keys.enter);
	await again.ui.waitFor('Which image?', 30_000);
	assert.match(flat(again.ui), new RegExp(`✓ Step 4 Build on Rescale: using gauge-equivariant-mesh-cnn\\.sif \\([\\d.]+ KB, file id ${sif.id}\\), built earlier by job ${job.id}; no new job`));
	assert.match(again.ui.screen(), /❯ gauge-equivariant-mesh-cnn\.sif/);
	// Step 5 tells where the highlighted image came from: not "just built", no job made it now.
	assert.match(flat(again.ui), /❯ gauge-equivariant-mesh-cnn\.sif [\d.]+ KB, built earlier from this Dockerfile/);
	assert.doesNotMatch(again.ui.screen(), /just built/);
	await again.ui.press('q');
	const {report} = await again.app.ended();
	assert.deepEqual(report?.results, [`Used gauge-equivariant-mesh-cnn.sif (file id ${sif.id}), built earlier by job ${job.id}; no new job`]);
	assert.equal(report?.plan, undefined, 'no build plan in the report: none was submitted');
	again.done();
	assert.equal(buildJobs().length, 1, 'the sandbox holds one build job');

	// The record names the image, never the key.
	const [record] = readdirSync(imagesFolder);
	assert.ok(!readFileSync(path.join(imagesFolder, record!), 'utf8').includes(testApiKey));
});

test('b on the earlier image shows the plan with its cost: b and Enter in one chunk submit nothing', async () => {
	const wizard = await toStep4();
	await wizard.ui.waitFor('Enter use it');
	await pause(confirmDelayMs);
	await wizard.ui.press(`b${keys.enter}`);
	await wizard.ui.waitFor('Enter submit the build job');
	assert.match(wizard.ui.screen(), /On: .*at most \$/);
	await pause(confirmDelayMs * 2);
	assert.equal(buildJobs().length, 1, 'nothing submitted');
	// Esc on that plan goes back to the earlier image, not to step 3.
	await wizard.ui.press(keys.escape);
	await wizard.ui.waitFor('Enter use it');
	assert.match(wizard.ui.screen(), /Built already from this def and context/);
	assert.doesNotMatch(wizard.ui.screen(), /Which project/);
	wizard.done();
});

test('one byte changed in a context file: a new build is planned', async () => {
	const file = path.join(folder, 'setup.py');
	const original = readFileSync(file, 'utf8');
	writeFileSync(file, original.replace(/.$/s, original.endsWith(' ') ? '\t' : ' '));
	try {
		const wizard = await toStep4();
		await wizard.ui.waitFor('Enter submit the build job');
		assert.doesNotMatch(wizard.ui.screen(), /Built already/);
		wizard.done();
	} finally {
		writeFileSync(file, original);
	}
});

/**
 * The wizard on the sandbox behind a proxy that answers file look-ups with `lookup` (when it returns
 * true) and passes everything else, walked to step 4.
 */
async function toStep4Through(lookup: (outgoing: ServerResponse) => boolean) {
	const proxy = createServer((incoming, outgoing) => {
		if (incoming.method === 'GET' && /^\/api\/v2\/files\/\w+\/$/.test(incoming.url ?? '') && lookup(outgoing)) {
			return;
		}

		const target = new URL(incoming.url ?? '/', sandbox.url);
		incoming.pipe(request(target, {method: incoming.method, headers: incoming.headers}, answer => {
			outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(outgoing);
		}));
	});
	const url = await listenOnLoopback(proxy);
	const openSandbox = services.openSandbox;
	services.openSandbox = async () => sandboxSession({...sandbox, url});
	try {
		return await toStep4();
	} finally {
		services.openSandbox = openSandbox;
	}
}

test('a 500 while checking the earlier image: the plan, with one line saying it could not be checked', async () => {
	const wizard = await toStep4Through(outgoing => {
		outgoing.writeHead(500, {'Content-Type': 'application/json'}).end('{"detail": "Internal error"}');
		return true;
	});
	await wizard.ui.waitFor('Enter submit the build job');
	assert.match(flat(wizard.ui), /\(simulated: nothing is billed\) The image built earlier from this def and context \(gauge-equivariant-mesh-cnn\.sif, file id \w+\) could not be checked \(GET \/api\/v2\/files\/\w+\/: Rescale answered with a server error \(HTTP 500: Internal error\)\), so a new build is planned\. Enter submit the build job/);
	wizard.done();
	assert.equal(readdirSync(imagesFolder).length, 1, 'the record is kept: the image may well be there');
});

test('a throttled check (429, then the answer): the earlier image is still offered, never a second build for a busy platform', async () => {
	let throttled = 0;
	const wizard = await toStep4Through(outgoing => {
		if (throttled > 0) {
			return false;
		}

		throttled++;
		outgoing.writeHead(429, {'Content-Type': 'application/json', 'Retry-After': '1'}).end('{"detail": "Request was throttled."}');
		return true;
	});
	await wizard.ui.waitFor('Enter use it', 30_000);
	assert.equal(throttled, 1);
	assert.doesNotMatch(wizard.ui.screen(), /could not be checked|submit the build job/);
	wizard.done();
});

test('the SIF deleted on the platform: a build is planned, saying why, and the record is forgotten', async () => {
	const sif = [...sandbox.store.files.values()].find(file => file.name.endsWith('.sif'))!;
	sandbox.store.deleteFile(sif.id);
	const wizard = await toStep4();
	await wizard.ui.waitFor('Enter submit the build job');
	assert.doesNotMatch(wizard.ui.screen(), /Built already|could not be checked/);
	assert.match(flat(wizard.ui), new RegExp(`The image built earlier from this def and context \\(gauge-equivariant-mesh-cnn\\.sif, file id ${sif.id}\\) is no longer in your files \\(deleted since\\), so a new build is planned\\.`));
	wizard.done();
	assert.deepEqual(readdirSync(imagesFolder), []);
});
