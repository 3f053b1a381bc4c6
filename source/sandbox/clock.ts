/** Simulated time: it starts now and runs `speed` times faster than the wall clock. */
export class SimulatedClock {
	private readonly start = Date.now();
	private offset = 0;

	constructor(readonly speed: number) {}

	now(): number {
		return this.start + this.offset + (Date.now() - this.start) * this.speed;
	}

	/** Continues from a time saved by an earlier run, if that lies ahead. */
	resumeFrom(simulated: number) {
		this.offset += Math.max(0, simulated - this.now());
	}

	/** Wall-clock milliseconds until simulated time `at`. */
	realDelayUntil(at: number): number {
		return Math.max(0, (at - this.now()) / this.speed);
	}
}

export function isoSeconds(time: number): string {
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
