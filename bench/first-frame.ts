import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {TmuxSession} from '../test/helpers/tmux.js';

/** Milliseconds from starting `command` in a fresh terminal until each marker is on its screen. */
function timesToScreen(command: string, markers: string[]): number[] {
	const folder = mkdtempSync(path.join(tmpdir(), 'first-frame-'));
	const start = performance.now();
	const terminal = new TmuxSession(command, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: folder}});
	const seen: number[] = [];
	try {
		while (seen.length < markers.length) {
			const screen = terminal.screen();
			const now = performance.now();
			while (seen.length < markers.length && screen.includes(markers[seen.length]!)) {
				seen.push(now - start);
			}

			if (now - start > 10_000) {
				throw new Error(`no ${markers[seen.length]} after 10 s; screen:\n${screen}`);
			}

			// Each look is a tmux client process: looking without a pause would take a core from the
			// program measured on a two-core machine. 5 ms apart costs both sides of the pair alike.
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
		}

		return seen;
	} finally {
		terminal.close();
	}
}

/** The median time to each marker over `runs` fresh starts. */
export function medianTimesToScreen(command: string, markers: string[], runs: number): number[] {
	const runsTimes = Array.from({length: runs}, () => timesToScreen(command, markers));
	return markers.map((_marker, index) => runsTimes.map(times => times[index]!).sort((a, b) => a - b)[Math.floor(runs / 2)]!);
}
