import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';

let sessions = 0;

/**
 * A real terminal for a benchmark: a tmux session on its own server socket (a fresh server per
 * session: reusing one right after kill-server races its shutdown). The command gets CI=false,
 * since any CI value makes Ink print only its last frame.
 */
export class BenchTerminal {
	private readonly socket = `rescale-apptainer-bench-${process.pid}-${sessions++}`;

	constructor(command: string, options: {cwd: string; env?: Record<string, string>; columns?: number; rows?: number}) {
		const environment = Object.entries({CI: 'false', ...options.env}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		this.tmux('new-session', '-d', '-s', 'bench', '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), '-c', options.cwd, ...environment, `${command}; sleep 600`);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 'bench');
	}

	async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.screen();
			if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) {
				return screen;
			}

			if (Date.now() > deadline) {
				throw new Error(`no ${String(text)} after ${timeoutMs / 1000} s; screen:\n${screen}`);
			}

			await sleep(100);
		}
	}

	press(...keys: string[]) {
		this.tmux('send-keys', '-t', 'bench', ...keys);
	}

	/** The command's process: the one child of the pane's shell. */
	commandProcess(): number {
		const shell = this.tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim();
		const [child, ...others] = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
		if (!child || others.length > 0) {
			throw new Error(`expected one process under the pane's shell, found: ${[child, ...others].join(' ') || 'none'}`);
		}

		return Number(child);
	}

	close() {
		spawnSync('tmux', ['-L', this.socket, 'kill-server']);
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}));

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
	// The command name in parentheses may hold spaces: fields are counted after its closing one.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of proc(5); the first after the name is field 3.
	return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / ticksPerSecond;
}
