import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {Sandbox} from '../../source/sandbox/server.js';
import {runCliAsync} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

/** The def the newest job of the sandbox was given, as uploaded: its name and text. */
function uploadedDef(sandbox: Sandbox): {name: string; text: string} {
	const job = [...sandbox.store.jobs.values()].at(-1)!;
	const def = job.jobanalyses[0]!.inputFiles.map(({id}) => sandbox.store.files.get(id)!).find(file => file.name.endsWith('.def'))!;
	return {name: def.name, text: readFileSync(sandbox.store.blobPath(def.id), 'utf8')};
}

test('a headless build keeps a def edited by hand byte for byte, saves its own beside it, says so, and uploads the one it generated', async () => {
	const sandbox = await startSandbox();
	const folder = mkdtempSync(path.join(tmpdir(), 'hand-edit-'));
	const context = path.join(folder, 'shapes');
	const out = path.join(folder, 'out');
	mkdirSync(context);
	writeFileSync(path.join(context, 'Dockerfile'), 'FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy==1.26.4\nCMD ["python", "-c", "import numpy"]\n');
	const build = async (...more: string[]) => runCliAsync(['build', context, '--out', out, '--platform', sandbox.url, '--yes', ...more], {cwd: folder, env: {RESCALE_API_KEY: testApiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')}});

	const first = await build();
	assert.equal(first.status, 0, first.stdout + first.stderr);
	const defFile = path.join(out, 'shapes', 'shapes.def');
	const generated = readFileSync(defFile, 'utf8');
	assert.deepEqual(uploadedDef(sandbox), {name: 'shapes.def', text: generated});

	const mine = Buffer.from(`${generated}# edited by hand, ünïcode kept\r\n`);
	writeFileSync(defFile, mine);
	// The generated def is the same as before: only --rebuild builds it again, and without it the hand edit is named all the same.
	const reused = await build();
	assert.equal(reused.status, 0, reused.stdout + reused.stderr);
	assert.match(reused.stdout.replaceAll(/\s+/g, ' '), /was edited by hand since it was written here: kept as it is; .*Built already, from this def and context: shapes\.sif/);
	const second = await build('--rebuild');
	const output = second.stdout + second.stderr;
	assert.equal(second.status, 0, output);
	assert.ok(readFileSync(defFile).equals(mine), 'the hand-edited def is byte-identical afterwards');
	const beside = path.join(out, 'shapes', 'shapes.2.def');
	assert.equal(readFileSync(beside, 'utf8'), generated, 'the generated def is saved beside it');
	assert.deepEqual(uploadedDef(sandbox), {name: 'shapes.2.def', text: generated}, 'the build uploads what it generated, not the hand edit');
	assert.equal([...output.matchAll(/was edited by hand/g)].length, 1, output);
	assert.match(output.replaceAll(/\s+/g, ' '), new RegExp(`Def: ${defFile.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} was edited by hand since it was written here: kept as it is; the def this build uploads \\(the one generated now\\) is saved beside it as ${beside.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
});
