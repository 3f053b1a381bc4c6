import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {TmuxSession} from '../test/helpers/tmux.js';
import {cpuSeconds} from './cpu-seconds.js';

/**
 * Percent of one core the wizard process uses while it follows a sandbox build job: the keys
 * a first-timer presses (Enter at every prompt) up to the submitted build, then the process's
 * CPU time over `seconds` of following. The embedded sandbox runs in the same process, as it
 * does for the user.
 */
export async function followCpuPercent(command: string, seconds: number): Promise<number> {
	const folder = mkdtempSync(path.join(tmpdir(), 'follow-cpu-'));
	const terminal = new TmuxSession(command, {cwd: folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}});
	try {
		for (const marker of ['Step 1/5', '✓ fixed line 1', 'Step 2/5', 'Which project', 'Enter submit the build job']) {
			await terminal.waitFor(marker);
			if (marker === 'Enter submit the build job') {
				// The plan takes Enter once it has been in view a moment (typed ahead, Enter pays for nothing).
				await new Promise(resolve => setTimeout(resolve, 1200));
			}

			terminal.press('Enter');
		}

		await terminal.waitFor(/Job \w+ submitted/);
		const wizard = terminal.commandProcess();
		const [cpuBefore, before] = [cpuSeconds(wizard), performance.now()];
		await sleep(seconds * 1000);
		const [cpuAfter, after] = [cpuSeconds(wizard), performance.now()];
		const screen = terminal.screen();
		if (/Completed|Built|Failed/.test(screen)) {
			throw new Error(`the job ended before ${seconds} s of following (the figure would include idle time); screen:\n${screen}`);
		}

		return ((cpuAfter - cpuBefore) / ((after - before) / 1000)) * 100;
	} finally {
		terminal.close();
	}
}
