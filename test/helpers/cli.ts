import {spawnSync} from 'node:child_process';
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
