// Runs N build+run flows through the built CLI against one sandbox with injected faults and
// prints flows completed, duplicate jobs and leftover uploads (files no job reads or wrote).
// `npm run bench:soak` (it builds first). FLOWS (100), FAULTS (the issue's mix), PARALLEL (4),
// KILLS (0): that many builds, spread over the flows, are killed (kill -9) while an upload is in
// flight, then run again as a user would.
import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createSandbox} from '../source/sandbox/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flows = Number(process.env.FLOWS ?? 100);
const parallel = Number(process.env.PARALLEL ?? 4);
const faults = process.env.FAULTS ?? '429=0.05,500=0.03,502=0.03,503=0.03,reset=0.04,slow=0.02,seed=7';
const kills = Number(process.env.KILLS ?? 0);
const sandbox = await createSandbox({speed: 400, faults});
const folder = mkdtempSync(path.join(tmpdir(), 'soak-'));
const env = {...process.env, NO_COLOR: '1', RESCALE_API_KEY: sandbox.apiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')};

/** Runs the CLI; with `killAt`, kills it (SIGKILL) at the first output line that matches. */
async function cli(args: string[], command: string[] = [], killAt?: RegExp): Promise<number | null> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args, '--platform', sandbox.url, '--yes', ...command], {cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			if (killAt?.test(stdout)) {
				child.kill('SIGKILL');
			}
		});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.once('close', code => {
			settled += stdout.match(/left by an interrupted run/g)?.length ?? 0;
			if (code !== 0 && !(killAt && code === null)) {
				const reason = `${args[0]}: ${stderr.split('\n').filter(Boolean).at(-1)?.replaceAll(/\b[\w]{6}\b|\d+(\.\d+)?/g, '#') ?? `exit ${code}`}`;
				failures.set(reason, (failures.get(reason) ?? 0) + 1);
			}

			resolve(code);
		});
	});
}

async function flow(index: number): Promise<boolean> {
	const name = `soak${index}`;
	const build = ['build', '--image', 'docker://python:3.11-slim', '--name', name];
	// The whole script has been sent: killed before its answer, often after the file landed.
	if (kills > 0 && index % Math.ceil(flows / kills) === 0 && killed < kills && await cli(build, [], /uploading build_script\.sh: 100%/) === null) {
		killed++;
	}

	const built = await cli(build);
	return built === 0 && await cli(['run', '--sif', `${name}.sif`, '--coretype', 'aquamarine_v3'], ['--', 'echo', name]) === 0;
}

const failures = new Map<string, number>();
let next = 0;
let completed = 0;
let killed = 0;
/** Reruns that found and deleted the file a killed upload left. */
let settled = 0;
const started = Date.now();
await Promise.all(Array.from({length: parallel}, async () => {
	while (next < flows) {
		if (await flow(next++)) {
			completed++;
		}
	}
}));

const jobs = [...sandbox.store.jobs.values()];
const byName = new Map<string, number>();
for (const job of jobs) {
	byName.set(job.name, (byName.get(job.name) ?? 0) + 1);
}

const used = new Set(jobs.flatMap(job => [...job.jobanalyses.flatMap(analysis => analysis.inputFiles.map(input => input.id)), ...job.outputIds]));
const leftovers = [...sandbox.store.files.values()].filter(file => !used.has(file.id) && file.jobId === undefined);
console.log(`faults ${faults}`);
console.log(`flows completed   ${completed}/${flows}  (${((Date.now() - started) / 1000).toFixed(0)} s, ${parallel} at a time)`);
console.log(`builds killed     ${killed} (kill -9 with an upload in flight, then run again; ${settled} reruns deleted the file it left)`);
console.log(`duplicate jobs    ${[...byName.values()].reduce((sum, count) => sum + count - 1, 0)} (of ${jobs.length} jobs)`);
console.log(`leftover uploads  ${leftovers.length}${leftovers.length > 0 ? ` (${leftovers.map(file => file.name).slice(0, 8).join(', ')})` : ''}`);
for (const [reason, count] of failures) {
	console.log(`  ${count} x ${reason}`);
}

await sandbox.stop();
