import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {claimOutputFolder} from '../image-build/output-folder.js';
import type {Sandbox} from '../sandbox/server.js';

/** Simulated seconds per real second when --speed is not given. */
export const embeddedSandboxSpeed = 20;

/**
 * The sandbox that --sandbox and the wizard embed: its state and its key (mode 0600) live in the
 * output folder, so a later command finds the jobs and files an earlier one left.
 */
export async function startEmbeddedSandbox(outDir: string | undefined, options: {speed?: number; faults?: string}): Promise<Sandbox & {stateDir: string}> {
	const {createSandbox} = await import('../sandbox/server.js');
	const stateDir = path.join(claimOutputFolder(outDir), 'sandbox');
	mkdirSync(stateDir, {recursive: true});
	const keyFile = path.join(stateDir, 'api-key');
	try {
		// Exclusive: two commands starting at once in one folder agree on the first key written.
		writeFileSync(keyFile, `sandbox-${randomBytes(20).toString('hex')}\n`, {mode: 0o600, flag: 'wx'});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
			throw error;
		}
	}

	const sandbox = await createSandbox({stateDir, apiKey: readFileSync(keyFile, 'utf8').trim(), speed: options.speed ?? embeddedSandboxSpeed, faults: options.faults});
	return {...sandbox, stateDir};
}
