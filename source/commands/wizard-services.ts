import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {claimOutputFolder} from '../image-build/output-folder.js';
import {startEmbeddedSandbox} from '../platform/embedded-sandbox.js';
import type {ReadDockerfile} from '../dockerfile/read-dockerfile.js';
import {ConfigStore} from '../platform/config.js';
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
			const user = await client.users.me();
			return {client, platformId: client.baseUrl, label: client.baseUrl, sandbox: false, pollMs: isLoopback(new URL(client.baseUrl)) ? 250 : 10_000, email: user.email, async close() {}};
		},
		async openSandbox() {
			const sandbox = await startEmbeddedSandbox(outDir, {speed: options.sandboxSpeed});
			return {
				client: new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey}),
				platformId: `sandbox:${sandbox.stateDir}`,
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
		editFile(file) {
			const editor = process.env.VISUAL?.trim() || process.env.EDITOR?.trim() || 'vi';
			const [command = 'vi', ...args] = editor.split(/\s+/);
			// The editor owns the terminal while it runs; Ink's raw mode is handed back afterwards.
			const raw = process.stdin.isTTY && process.stdin.isRaw;
			if (raw) {
				process.stdin.setRawMode(false);
			}

			const result = spawnSync(command, [...args, file], {stdio: 'inherit'});
			if (raw) {
				process.stdin.setRawMode(true);
			}

			if (result.error || result.status !== 0) {
				return {error: `${editor} ${result.error ? `could not start (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})` : `exited with ${result.status}`}; the def is unchanged. Set EDITOR to your editor.`};
			}

			return {text: readFileSync(file, 'utf8')};
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
