import {mkdirSync} from 'node:fs';
import {UserError} from '../errors.js';
import {FaultSpecError, parseFaultSpec} from '../sandbox/faults.js';
import {createSandbox} from '../sandbox/server.js';
import type {Output} from './output.js';
import {checkWritableTarget} from './output-paths.js';

export type SandboxFlags = {json: boolean; port: number | undefined; speed: number | undefined; faults: string | undefined; state: string | undefined; apiKey: string | undefined; requireProject: boolean; nodeWithoutSudo: boolean};

/**
 * `sandbox`: a local twin of the Rescale API, running until Ctrl-C. With --json the first line
 * on stdout is `{"url": ..., "apiKey": ...}` for scripts; otherwise the same, said plainly.
 */
export async function sandboxCommand(flags: SandboxFlags, output: Output, stopSignal: Promise<unknown> = waitForInterrupt()): Promise<number> {
	const port = flags.port ?? 0;
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new UserError(`--port ${flags.port}: a port is a whole number from 0 to 65535 (0 picks a free one)`);
	}

	// --speed is checked with the other flags (run-command.ts).
	const speed = flags.speed ?? 5;

	let faults;
	try {
		faults = flags.faults === undefined ? undefined : parseFaultSpec(flags.faults);
	} catch (error) {
		if (error instanceof FaultSpecError) {
			throw new UserError(error.message, {hint: 'Example: --faults 429=0.1,500=0.05,reset=0.02,slow=0.1,seed=7'});
		}

		throw error;
	}

	if (flags.state) {
		checkWritableTarget({flag: '--state', path: flags.state, kind: 'folder', nothingDone: 'the sandbox did not start'});
		try {
			mkdirSync(flags.state, {recursive: true});
		} catch (error) {
			throw new UserError(`--state ${flags.state}: the folder cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {hint: 'Name a folder you can write to, or leave out --state to keep everything in memory.'});
		}
	}

	const sandbox = await createSandbox({port, speed, faults, stateDir: flags.state, apiKey: flags.apiKey, requireProject: flags.requireProject, nodeWithoutSudo: flags.nodeWithoutSudo}).catch((error: NodeJS.ErrnoException) => {
		throw new UserError(error.code === 'EADDRINUSE' ? `port ${port} is already in use` : `the sandbox could not start: ${error.message}`, {hint: 'Pick another --port, or --port 0 for a free one.'});
	});
	if (flags.json) {
		output.stdout.write(`${JSON.stringify({url: sandbox.url, apiKey: sandbox.apiKey})}\n`);
	} else {
		output.stdout.write([
			`Rescale sandbox listening on ${sandbox.url}`,
			`API key: ${sandbox.apiKey}`,
			'This is a simulation of the Rescale API on this machine: no job runs anywhere, nothing is billed,',
			'and the key above works only here.',
			`Jobs run ${speed}x faster than real time; faults: ${flags.faults ?? 'none'}; state: ${flags.state ?? 'kept in memory until the sandbox stops'}.`,
			...(flags.requireProject ? ['Jobs without a projectId are refused (--require-project): pass --project to build and run.'] : []),
			...(flags.nodeWithoutSudo ? ['Build nodes have no passwordless sudo (--node-without-sudo): builds use --fakeroot.'] : []),
			'Press Ctrl-C to stop.',
			'',
		].join('\n'));
	}

	await stopSignal;
	await sandbox.stop();
	if (!flags.json) {
		output.stdout.write('Sandbox stopped.\n');
	}

	return 0;
}

function waitForInterrupt(): Promise<void> {
	return new Promise(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
}
