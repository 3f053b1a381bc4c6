import {randomBytes} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {claimOutputFolder} from '../build/output-folder.js';
import type {ReadDockerfile} from './read-dockerfile.js';
import {ConfigStore} from '../config.js';
import {RescaleClient} from '../rescale/client.js';
import type {WizardServices} from '../wizard/services.js';
import {isLoopback} from '../rescale/platforms.js';

export function defaultServices(dockerfile: ReadDockerfile, options: {outDir?: string; forceSandbox: boolean; sandboxSpeed?: number}): WizardServices {
	const outDir = options.outDir ?? '.rescale-apptainer';
	return {
		dockerfile,
		config: new ConfigStore(),
		outDir,
		environmentKey: process.env.RESCALE_API_KEY?.trim() || undefined,
		forceSandbox: options.forceSandbox,
		async connectRescale(platform, apiKey) {
			const client = new RescaleClient({platform, apiKey});
			const user = await client.getUser();
			return {client, platformId: client.baseUrl, label: client.baseUrl, sandbox: false, pollMs: isLoopback(new URL(client.baseUrl)) ? 250 : 10_000, email: user.email, async close() {}};
		},
		async openSandbox() {
			const {createSandbox} = await import('../sandbox/server.js');
			const stateDir = path.join(claimOutputFolder(outDir), 'sandbox');
			mkdirSync(stateDir, {recursive: true});
			const keyFile = path.join(stateDir, 'api-key');
			if (!existsSync(keyFile)) {
				writeFileSync(keyFile, `sandbox-${randomBytes(20).toString('hex')}\n`, {mode: 0o600});
			}

			const sandbox = await createSandbox({stateDir, apiKey: readFileSync(keyFile, 'utf8').trim(), speed: options.sandboxSpeed ?? 20});
			return {
				client: new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey}),
				platformId: `sandbox:${stateDir}`,
				label: 'sandbox (simulation)',
				sandbox: true,
				pollMs: 250,
				close: () => sandbox.stop(),
			};
		},
		writeDockerfile(text) {
			const backup = `${dockerfile.file}.bak`;
			copyFileSync(dockerfile.file, backup);
			writeFileSync(dockerfile.file, text);
			return backup;
		},
		saveDef(name, text) {
			const folder = path.join(claimOutputFolder(outDir), name);
			mkdirSync(folder, {recursive: true});
			const file = path.join(folder, `${name}.def`);
			writeFileSync(file, text);
			return file;
		},
	};
}
