import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {contextView} from '../../source/context/context-files.js';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import {ConfigStore} from '../../source/platform/config.js';
import {openPlatformSession, type Session} from '../../source/platform/session.js';
import type {Sandbox} from '../../source/sandbox/server.js';
import type {WizardServices} from '../../source/wizard/services.js';
import {exampleRoot} from './cli.js';
import {startSandbox} from './sandbox.js';

/** A session on a test sandbox that the wizard takes for its embedded one (fast polling). */
export async function sandboxSession(sandbox: Sandbox, project?: string): Promise<Session> {
	const session = await openPlatformSession(sandbox.url, {apiKey: sandbox.apiKey, source: 'the --api-key flag'}, {project, config: new ConfigStore(mkdtempSync(path.join(tmpdir(), 'session-config-')))});
	return {...session, platformId: 'sandbox:test', label: 'sandbox (simulation)', embeddedSandbox: true, pollMs: 20};
}

/**
 * The wizard's services for a test: the example (or `folder`), fresh config and output folders,
 * and sessions on a sandbox of this test file. The sandbox is returned alongside.
 */
export async function testServices(overrides: Partial<WizardServices> = {}, folder = exampleRoot): Promise<WizardServices & {sandbox: Sandbox}> {
	const sandbox = await startSandbox();
	const dockerfile = await readDockerfile(folder);
	const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'wizard-out-')), '.rescale-apptainer');
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'wizard-config-')));
	return {
		sandbox,
		dockerfile,
		context: contextView(dockerfile.contextDir, [outDir]),
		config,
		outDir,
		settings: {platform: 'https://platform.rescale.com', platformChosen: false, keys: [], project: undefined},
		forceSandbox: false,
		newJobs: false,
		stopOnExit: false,
		connect: async (platform, key) => openPlatformSession(platform, key, {project: undefined, verify: true, config}),
		openSandbox: async () => sandboxSession(sandbox),
		release: async () => undefined,
		writeDockerfile: () => '/dev/null.bak',
		saveDef(name, text) {
			const file = path.join(mkdtempSync(path.join(tmpdir(), 'def-')), `${name}.def`);
			writeFileSync(file, text);
			return {file};
		},
		editFile: file => ({text: readFileSync(file, 'utf8')}),
		...overrides,
	};
}
