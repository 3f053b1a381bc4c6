// Prints the median time from starting the wizard in a real terminal (tmux) to its first frame,
// next to the same measure for `node -e` printing a line (goal: first frame within ~400 ms).
// Run with `npm run bench:wizard` (it builds first); needs tmux.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = 9;
let sessions = 0;

function timeToScreen(command: string, marker: string): number {
	// A fresh tmux server per run: reusing one right after kill-server races its shutdown.
	const socket = `rescale-apptainer-bench-${process.pid}-${sessions++}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const folder = mkdtempSync(path.join(tmpdir(), 'first-frame-'));
	const start = performance.now();
	tmux('new-session', '-d', '-s', 'bench', '-x', '100', '-y', '30', '-c', folder, '-e', 'CI=false', '-e', `RESCALE_APPTAINER_CONFIG_DIR=${folder}`, `${command}; sleep 30`);
	try {
		while (!tmux('capture-pane', '-p', '-t', 'bench').includes(marker)) {
			if (performance.now() - start > 10_000) {
				throw new Error(`no ${marker} after 10 s`);
			}
		}

		return performance.now() - start;
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
	}
}

function median(command: string, marker: string): number {
	const times = Array.from({length: runs}, () => timeToScreen(command, marker)).sort((a, b) => a - b);
	return times[Math.floor(runs / 2)]!;
}

const baseline = median(`${process.execPath} -e "console.log('READY')"`, 'READY');
const wizard = median(`${process.execPath} ${path.join(root, 'dist/cli.js')} wizard ${path.join(root, 'examples/gauge-equivariant-mesh-cnn')}`, 'Step 1/5');
console.log(`node -e printing a line       median ${baseline.toFixed(0)} ms over ${runs} runs`);
console.log(`wizard first frame (Step 1/5) median ${wizard.toFixed(0)} ms over ${runs} runs (goal: ~400 ms)`);
