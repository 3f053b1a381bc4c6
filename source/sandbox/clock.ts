/**
 * The sandbox answers in wall-clock time, as the platform does: every date it returns is a moment
 * that has passed. Only jobs run fast (see SandboxStore: a job's timeline plays at its speed).
 */

/** `2026-11-29T19:20:05.123000Z`: the contract's first timestamp shape, to the microsecond (rounded down). */
export function isoDate(time: number): string {
	const milliseconds = Math.floor(time);
	const microseconds = Math.floor((time - milliseconds) * 1000);
	return new Date(milliseconds).toISOString().replace(/Z$/, `${String(microseconds).padStart(3, '0')}Z`);
}

/** `2026-11-29T19:20:05Z`, as process_output.log prefixes its lines (rounded down). */
export function isoSeconds(time: number): string {
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
