import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

function terminal(command: string) {
	const folder = mkdtempSync(path.join(tmpdir(), 'first-frame-'));
	const session = new TmuxSession(command, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		session.close();
	});
	return {session, folder};
}

/** Looks at the screen as often as tmux answers: the pre-frame is on it for a few hundred milliseconds. */
async function firstScreenWith(session: TmuxSession, text: string): Promise<string> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const screen = session.screen();
		if (screen.includes(text) || Date.now() > deadline) {
			return screen;
		}

		await new Promise(resolve => setImmediate(resolve));
	}
}

test('the header is on screen before Ink loads; a key pressed then waits for Ink, and Ink\'s frame takes the pre-frame\'s place', {skip}, async () => {
	const {session, folder} = terminal(`node ${builtCli} wizard ${exampleRoot}`);
	const recording = path.join(folder, 'pane.txt');
	session.record(recording);
	const early = await firstScreenWith(session, 'Step 1/5');
	assert.match(early, /Checking the Dockerfile…/, `the pre-frame, before the findings:\n${early}`);
	// Enter at step 1 applies the fix: pressed before Ink reads keys, it must neither be lost nor echoed.
	session.press('Enter');
	const screen = await session.waitFor('fixed line 1');
	assert.match(screen, /^rescale-apptainer {2}Step 1\/5: Validate the Dockerfile\n● Validate the Dockerfile/, `nothing of the pre-frame above Ink's frame:\n${screen}`);
	assert.equal(screen.split('Step 1/5').length, 2, 'the header once');
	assert.doesNotMatch(screen, /Checking the Dockerfile/);
	// Started at the top of a fresh pane: erasing the pre-frame must not push a copy into the scrollback.
	assert.equal(session.history().split('Checking the Dockerfile').length, 1, `no copy of the pre-frame in the scrollback:\n${session.history()}`);
	assert.equal(session.history().split('Step 1/5').length, 2, 'the header once in the scrollback and screen');
	const written = readFileSync(recording, 'utf8');
	assert.ok(written.indexOf('Checking the Dockerfile') < written.indexOf('error(s)'), 'the pre-frame came first');
	session.press('q');
	await session.waitFor('EXIT=0');
});

test('keys typed while Node starts, echoed by the terminal, do not push the pre-frame\'s header aside', {skip}, async () => {
	const {session} = terminal(`sleep 1; node ${builtCli} wizard ${exampleRoot}`);
	await new Promise(resolve => setTimeout(resolve, 300));
	session.press('x', 'x');
	const early = await firstScreenWith(session, 'Step 1/5');
	assert.match(early, /^rescale-apptainer {2}Step 1\/5/m, `the header from the first column:\n${early}`);
	assert.doesNotMatch(early, /x+rescale-apptainer/, early);
	session.press('q');
	await session.waitFor('EXIT=0');
});

test('a folder without a Dockerfile: the pre-frame is erased and the error stands alone', {skip}, async () => {
	const empty = mkdtempSync(path.join(tmpdir(), 'no-dockerfile-'));
	const {session} = terminal(`node ${builtCli} wizard ${empty}`);
	const screen = await session.waitFor(/EXIT=\d/);
	assert.match(screen, /no Dockerfile|Dockerfile.*not found|cannot read/i, screen);
	assert.doesNotMatch(screen, /Step 1\/5|Checking the Dockerfile/, screen);
	assert.match(screen, /EXIT=[12]/);
});

test('loading Ink does not load Node\'s HTTP client: Yoga reads its wasm without fetch(), which is back afterwards', {skip}, async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'fetch-probe-'));
	const probe = path.join(folder, 'probe.mjs');
	const report = path.join(folder, 'report.json');
	// Notes whether anything touched fetch before Ink's first frame (the findings) was written.
	writeFileSync(probe, `
import {writeFileSync} from 'node:fs';
const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
let touched = false;
let touchedBeforeFrame;
Object.defineProperty(globalThis, 'fetch', {configurable: true, enumerable: original.enumerable, get() { touched = true; return original.get ? original.get.call(this) : original.value; }, set: original.set});
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
	if (touchedBeforeFrame === undefined && String(chunk).includes('error(s)')) touchedBeforeFrame = touched;
	return write(chunk, ...rest);
};
process.on('exit', () => writeFileSync(${JSON.stringify(report)}, JSON.stringify({touchedBeforeFrame, fetchAfter: typeof globalThis.fetch})));
`);
	const {session} = terminal(`node --import ${probe} ${builtCli} wizard ${exampleRoot}`);
	await session.waitFor('error(s)');
	session.press('q');
	await session.waitFor('EXIT=0');
	assert.deepEqual(JSON.parse(readFileSync(report, 'utf8')), {touchedBeforeFrame: false, fetchAfter: 'function'});
});

test('--report into a folder that is not there is refused before anything starts, not after the session', {skip}, async () => {
	const {session} = terminal(`node ${builtCli} wizard ${exampleRoot} --sandbox --report /nonexistent-folder/session.md`);
	const screen = await session.waitFor(/EXIT=\d/);
	assert.match(screen.replaceAll('\n', ''), /--report \/nonexistent-folder\/session\.md: the folder \/nonexistent-folder does not exist/);
	assert.match(screen, /EXIT=2/);
	assert.doesNotMatch(screen, /Step 1\/5|internal error/);
});
