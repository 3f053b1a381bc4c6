// Prints upload throughput of the client next to `curl -F` against the same sandbox endpoint.
// The sandbox runs as its own process (the built CLI), so the client does not share its CPU.
// Run with `npm run bench:upload` (it builds first). SIZE_MIB overrides the file size (512).
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, ftruncateSync, mkdtempSync, openSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {RescaleClient} from '../source/rescale/client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizeMiB = Number(process.env.SIZE_MIB ?? 512);
const rounds = 3;

const sandbox = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'sandbox', '--json', '--port', '0'], {stdio: ['ignore', 'pipe', 'inherit']});
const {url, apiKey} = JSON.parse(await new Promise<string>(resolve => {
	createInterface({input: sandbox.stdout!}).once('line', resolve);
})) as {url: string; apiKey: string};

const folder = mkdtempSync(path.join(tmpdir(), 'bench-upload-'));
const file = path.join(folder, 'payload.bin');
const descriptor = openSync(file, 'w');
ftruncateSync(descriptor, sizeMiB * 1024 * 1024);
closeSync(descriptor);

const client = new RescaleClient({platform: url, apiKey});
const rate = (milliseconds: number) => `${(sizeMiB / (milliseconds / 1000)).toFixed(0)} MiB/s`;
try {
	for (let round = 1; round <= rounds; round++) {
		let start = performance.now();
		await client.files.upload(file);
		const ours = performance.now() - start;
		start = performance.now();
		const curl = spawnSync('curl', ['-sS', '-o', '/dev/null', '-H', `Authorization: Token ${apiKey}`, '-F', `file=@${file}`, `${url}/api/v2/files/contents/`]);
		const theirs = performance.now() - start;
		if (curl.status !== 0) {
			throw new Error(`curl failed: ${curl.stderr.toString()}`);
		}

		console.log(`round ${round}: ${sizeMiB} MiB  rescale-apptainer client ${rate(ours)}  curl -F ${rate(theirs)}`);
	}
} finally {
	sandbox.kill('SIGINT');
	rmSync(folder, {recursive: true, force: true});
}
