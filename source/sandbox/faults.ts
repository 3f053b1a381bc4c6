/**
 * Fault injection for the sandbox: `429=0.1,500=0.05,reset=0.02,slow=0.1,seed=7` makes each
 * request fail that way at that rate, drawn from a seeded generator so a run can be replayed.
 */
export type FaultKind = '429' | '500' | '502' | '503' | '504' | 'reset' | 'slow';

export type FaultPlan = {rates: Array<{kind: FaultKind; rate: number}>; seed: number};

const kinds = new Set<FaultKind>(['429', '500', '502', '503', '504', 'reset', 'slow']);

export class FaultSpecError extends Error {}

export function parseFaultSpec(spec: string): FaultPlan {
	const plan: FaultPlan = {rates: [], seed: 1};
	for (const part of spec.split(',').map(item => item.trim()).filter(Boolean)) {
		const [key = '', value = ''] = part.split('=', 2);
		const number = Number(value);
		if (value === '' || !Number.isFinite(number)) {
			throw new FaultSpecError(`--faults: "${part}" needs a number, e.g. 429=0.1`);
		}

		if (key === 'seed') {
			plan.seed = Math.trunc(number);
		} else if (!kinds.has(key as FaultKind)) {
			throw new FaultSpecError(`--faults: unknown fault "${key}" (faults: ${[...kinds].join(', ')}; and seed=N)`);
		} else if (number < 0 || number > 1) {
			throw new FaultSpecError(`--faults: ${key}=${value} is not a rate; rates go from 0 to 1 (0.1 is one request in ten)`);
		} else {
			plan.rates.push({kind: key as FaultKind, rate: number});
		}
	}

	if (plan.rates.reduce((sum, {rate}) => sum + rate, 0) > 1) {
		throw new FaultSpecError('--faults: the rates add up to more than 1');
	}

	return plan;
}

/** Draws at most one fault per request. */
export class FaultInjector {
	private state: number;
	private readonly forced: FaultKind[] = [];

	constructor(private readonly plan: FaultPlan | undefined) {
		this.state = plan?.seed ?? 1;
	}

	/** Makes the next `times` requests fail with `kind`, before any random fault. */
	force(kind: FaultKind, times = 1) {
		this.forced.push(...Array.from({length: times}, () => kind));
	}

	next(): FaultKind | undefined {
		const forced = this.forced.shift();
		if (forced) {
			return forced;
		}

		if (!this.plan || this.plan.rates.length === 0) {
			return undefined;
		}

		let draw = this.random();
		for (const {kind, rate} of this.plan.rates) {
			if (draw < rate) {
				return kind;
			}

			draw -= rate;
		}

		return undefined;
	}

	/** How long a `slow` fault holds its request: 1 to 2 s, from this sandbox's own generator. */
	slowDelayMs(): number {
		return 1000 + this.random() * 1000;
	}

	/** mulberry32 */
	private random(): number {
		this.state = (this.state + 0x6D_2B_79_F5) | 0;
		let value = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	}
}
