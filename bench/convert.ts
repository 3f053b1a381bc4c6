// Prints: the median wall time of `rescale-apptainer convert` on the bundled example next to
// `node -e 0` (the goal is within 1.5x; issue 11), and conversions per second over the shared corpus
// repeated 100 times in one process. Run with `npm run bench` (it builds first).
import {spawnSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {convertDockerfile} from '../source/apptainer/convert.js';
import {writeDefFile} from '../source/apptainer/def-file.js';
import {parseDockerfile} from '../source/dockerfile/model.js';
import {validateDockerfile} from '../source/dockerfile/validate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = 21;

function medianMilliseconds(command: string[]): number {
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		const result = spawnSync(process.execPath, command, {cwd: root, stdio: 'ignore'});
		times.push(performance.now() - start);
		if (result.status !== 0) {
			throw new Error(`${command.join(' ')} exited ${result.status}`);
		}
	}

	return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const baseline = medianMilliseconds(['-e', '0']);
const convert = medianMilliseconds(['dist/cli.js', 'convert', 'examples/gauge-equivariant-mesh-cnn']);
console.log(`node -e 0                          median ${baseline.toFixed(1)} ms over ${runs} runs`);
console.log(`rescale-apptainer convert example  median ${convert.toFixed(1)} ms over ${runs} runs`);
console.log(`ratio ${(convert / baseline).toFixed(2)}x (goal: within 1.5x; spython, from issue 11: 82-87 ms next to bare python 43 ms)`);

const corpus = path.resolve(root, '../shared/corpus');
const texts = readdirSync(corpus, {withFileTypes: true})
	.filter(entry => entry.isDirectory())
	.map(entry => readFileSync(path.join(corpus, entry.name, 'Dockerfile'), 'utf8').replaceAll(/\r\n?/g, '\n'));
const repeats = 300;
const spythonFilesPerSecond = '2,550';
for (const [label, work] of [
	['convert (parse + convert + write)', (text: string) => writeDefFile(convertDockerfile(parseDockerfile(text)).def)],
	['validate + convert', (text: string) => {
		// As deriveDefinition does it: validation reuses the conversion's notes.
		const model = parseDockerfile(text);
		const {def, notes} = convertDockerfile(model);
		validateDockerfile(model, notes);
		writeDefFile(def);
	}],
] as const) {
	// Warm up first, so that both figures are steady-state throughput, not the JIT's first pass.
	for (let repeat = 0; repeat < 20; repeat++) {
		for (const text of texts) {
			work(text);
		}
	}

	const start = performance.now();
	for (let repeat = 0; repeat < repeats; repeat++) {
		for (const text of texts) {
			work(text);
		}
	}

	const seconds = (performance.now() - start) / 1000;
	console.log(`${label}: ${(texts.length * repeats / seconds).toFixed(0)} Dockerfiles/s (${texts.length} corpus files x ${repeats} in ${seconds.toFixed(2)} s; spython, from issue 11: ${spythonFilesPerSecond} files/s, without validation)`);
}
