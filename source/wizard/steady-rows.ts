/**
 * The terminal Ink draws on, with one difference: Ink clears the screen and the scrollback
 * (ESC[3J) before a frame whenever the last one was as tall as the terminal, and right after the
 * terminal shrinks the last frame (drawn for the taller one) often is. The wizard keeps every frame
 * shorter than the terminal itself (FitRows), so Ink is told the terminal never shrinks; the
 * wizard reads the real height from `terminalRows`.
 */
export type SteadyRowsStream = NodeJS.WriteStream & {terminalRows: number | undefined};

export function withSteadyRows(stdout: NodeJS.WriteStream): SteadyRowsStream {
	let most = stdout.rows ?? 0;
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'rows') {
				most = Math.max(most, target.rows ?? 0);
				return most || undefined;
			}

			if (property === 'terminalRows') {
				return target.rows;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	}) as SteadyRowsStream;
}
