import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {builtCli, exampleRoot} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (.ci/run installs it)';

for (const [columns, rows] of [[60, 15], [80, 24]] as const) {
	test(`in a ${columns}x${rows} terminal step 1 shows which Dockerfile and its summary with the finding Enter fixes; q leaves that record without its keys`, {skip}, async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'wizard-step1-'));
		const ui = new TmuxSession(`node ${builtCli} wizard ${exampleRoot}`, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}, columns, rows});
		after(() => {
			ui.close();
		});
		const screen = await ui.waitFor('Enter apply the fix');
		assert.match(screen, /^rescale-apptainer {2}Step 1\/5/m, screen);
		assert.match(screen, /^\S*gauge-equivariant-mesh-cnn\/Dockerfile *$/m, `the Dockerfile's name:\n${screen}`);
		assert.match(screen, /^1 error\(s\), 4 warning\(s\) and note\(s\) *$/m, `the summary:\n${screen}`);
		assert.match(screen, /^ {2}line 6 torch-wheel-mismatch: /m, screen);
		assert.match(screen, /^ {4}fix: Change the base/m, screen);
		ui.press('q');
		const left = await ui.waitFor('EXIT=0');
		assert.match(left, /^1 error\(s\), 4 warning\(s\) and note\(s\) *$/m, `the frame stays as a record:\n${left}`);
		assert.doesNotMatch(left, /q quit|Enter apply the fix/, `no keys left behind:\n${left}`);
	});
}
