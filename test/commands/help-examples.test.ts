import assert from 'node:assert/strict';
import {cpSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {exampleRoot, runCli, runCliAsync} from '../helpers/cli.js';

test('the main --help\'s build example, run as written (on a copy of the example, with --yes for no terminal): it builds, no --fix asked for', async () => {
	const help = runCli(['--help']);
	assert.equal(help.status, 0);
	const line = /^ {4}\$ rescale-apptainer (build .*)$/m.exec(help.stdout)?.[1];
	assert.ok(line, help.stdout);
	assert.match(line, /--fix/, 'the example Dockerfile needs its fix: the README\'s example has it too');
	const folder = mkdtempSync(path.join(tmpdir(), 'help-examples-'));
	cpSync(exampleRoot, path.join(folder, 'examples', path.basename(exampleRoot)), {recursive: true});
	const env = {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''};
	const result = await runCliAsync([...line.split(' '), '--yes', '--speed', '400'], {cwd: folder, env});
	assert.equal(result.status, 0, `${line}:\n${result.stdout}\n${result.stderr}`);
	assert.match(result.stdout + result.stderr, /gauge-equivariant-mesh-cnn\.sif/);
});
