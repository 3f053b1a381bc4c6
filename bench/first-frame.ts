import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {TmuxSession} from '../test/helpers/tmux.js';

/** Milliseconds from starting `command` in a fresh terminal until `marker` is on its screen. */
function timeToScreen(command: string, marker: string): number {
	const folder = mkdtempSync(path.join(tmpdir(), 'first-frame-'));
	const start = performance.now();
	const terminal = new TmuxSession(command, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: folder}});
	try {
		// No pause between looks: each capture-pane is itself a few milliseconds.
		while (!terminal.screen().includes(marker)) {
			if (performance.now() - start > 10_000) {
				throw new Error(`no ${marker} after 10 s; screen:\n${terminal.screen()}`);
			}
		}

		return performance.now() - start;
	} finally {
		terminal.close();
	}
}

export function medianTimeToScreen(command: string, marker: string, runs: number): number {
	const times = Array.from({length: runs}, () => timeToScreen(command, marker)).sort((a, b) => a - b);
	return times[Math.floor(runs / 2)]!;
}
