import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

/** tmux sets TERM itself, so the wizard's environment is given through env(1). */
function wizard(environment: string, args = '') {
	const folder = mkdtempSync(path.join(tmpdir(), 'wizard-terminal-'));
	const session = new TmuxSession(`env ${environment} node ${builtCli} wizard ${exampleRoot} ${args}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns: 80, rows: 24});
	after(() => {
		session.close();
	});
	return session;
}

test('on a dumb terminal, which cannot move the cursor to redraw a frame, the wizard says so in one line and exits 2', {skip}, async () => {
	const ui = wizard('TERM=dumb');
	const screen = await ui.waitFor(/EXIT=\d/);
	assert.match(screen.replaceAll('\n', ''), /^rescale-apptainer: the wizard needs a terminal that can move the cursor \(TERM is dumb\); without one use the commands validate, convert, build and run \(rescale-apptainer --help\)\.EXIT=2/);
});

test('in a locale that is not UTF-8 the def viewer and its hints are drawn in ASCII', {skip}, async () => {
	const ui = wizard('LANG=C LC_ALL= LC_CTYPE=', '--sandbox');
	await ui.waitFor('Step 1/5');
	ui.press('f');
	await ui.waitFor('fixed line 1');
	ui.press('Enter');
	const screen = await ui.waitFor('Step 2/5');
	assert.match(screen, /^\+ Validate the Dockerfile {2}\* Review the def file {2}o API key/m);
	assert.match(screen, /^ 1 \| Bootstrap: docker {3}<- Dockerfile 1$/m);
	assert.match(screen, /\(Up\/Down, PgUp\/PgDn a page, Home\/End\)/);
	ui.press('q');
	await ui.waitFor('EXIT=0');
});

test('CI=false (which tells Ink to draw live frames) keeps the colours too; NO_COLOR still turns them off', {skip}, async () => {
	const coloured = wizard('CI=false');
	await coloured.waitFor('Step 1/5');
	assert.match(coloured.styledScreen(), /\u001B\[[\d;]*3\dm/, 'a foreground colour on screen');
	coloured.press('q');
	await coloured.waitFor('EXIT=0');
	const plain = wizard('CI=false NO_COLOR=1');
	await plain.waitFor('Step 1/5');
	assert.doesNotMatch(plain.styledScreen(), /\u001B\[[\d;]*3\dm/);
});
