import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const builtCli = path.join(projectRoot, 'dist/cli.js');
export const corpusRoot = path.resolve(projectRoot, '../shared/corpus');
export const exampleRoot = path.join(projectRoot, 'examples/gauge-equivariant-mesh-cnn');

export type CliResult = {status: number | null; stdout: string; stderr: string};

/** Runs the built CLI (npm test builds it first) the way a user's shell would. */
export function runCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): CliResult {
	const result = spawnSync(process.execPath, [builtCli, ...args], {
		cwd: options.cwd ?? projectRoot,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		encoding: 'utf8',
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/**
 * Runs the built CLI without blocking this process, which may be hosting the sandbox the CLI
 * talks to. `onLine` sees stdout lines as they come (to act mid-run, e.g. send a signal).
 */
export async function runCliAsync(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string; onLine?: (line: string, child: ChildProcess) => void} = {}): Promise<CliResult> {
	const child = spawn(process.execPath, [builtCli, ...args], {
		cwd: options.cwd ?? projectRoot,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	child.stdin.end(options.input ?? '');
	let stdout = '';
	let stderr = '';
	let pending = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop()!;
		for (const line of lines) {
			options.onLine?.(line, child);
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const status = await new Promise<number | null>(resolve => {
		child.once('close', code => resolve(code));
	});
	return {status, stdout, stderr};
}
