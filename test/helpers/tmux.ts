import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

export const hasTmux = !spawnSync('tmux', ['-V']).error;

/**
 * A real terminal for the built CLI: a tmux session on a private server socket. The child gets
 * CI=false, since any CI value makes Ink print only its last frame.
 */
export class TmuxSession {
	private readonly socket = `rescale-apptainer-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	private readonly name = 'wizard';

	constructor(command: string, options: {cwd: string; env: Record<string, string>; columns?: number; rows?: number}) {
		const environment = Object.entries({CI: 'false', ...options.env}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		this.tmux('new-session', '-d', '-s', this.name, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 34), '-c', options.cwd, ...environment, `${command}; echo "EXIT=$?"; sleep 600`);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	/** The screen with its colours and styles as escape codes. */
	styledScreen(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	/** The pane's scrollback and screen, oldest line first. */
	history(): string {
		return this.tmux('capture-pane', '-p', '-S', '-', '-t', this.name);
	}

	/** Appends everything the program writes to the pane (escape codes included) to `file`. */
	record(file: string) {
		this.tmux('pipe-pane', '-o', '-t', this.name, `cat >> '${file}'`);
	}

	async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.screen();
			if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) {
				return screen;
			}

			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${String(text)}; screen:\n${screen}`);
			}

			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}

	press(...keys: string[]) {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	/** The command's process (the one child of the pane's shell), for a benchmark to read its CPU time. */
	commandProcess(): number {
		const shell = this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim();
		const [child, ...others] = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
		if (!child || others.length > 0) {
			throw new Error(`expected one process under the pane's shell, found: ${[child, ...others].join(' ') || 'none'}`);
		}

		return Number(child);
	}

	resize(columns: number, rows: number) {
		this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	close() {
		spawnSync('tmux', ['-L', this.socket, 'kill-server']);
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}
}
