import {UserError} from '../errors.js';
import type {Coretype} from '../rescale/types.js';

/** What a job runs on, resolved against the platform's coretypes and checked. */
export type Hardware = {
	coreType: string;
	coretypeName: string;
	coresPerSlot: number;
	/** Whole hours: Rescale books walltime in hours. */
	walltime: number;
	gpus: number;
	/** Dollars per hour for the node at the on-demand price, when the platform lists one. */
	hourlyPrice: number | undefined;
	/** Dollars for the whole walltime: what the job costs at most, at the price it runs at. */
	maxCost: number | undefined;
	/** Low priority: cheaper, but the job may wait for capacity. */
	lowPriority: boolean;
	/** The whole walltime at the low-priority price, when the coretype has one. */
	lowPriorityMaxCost: number | undefined;
	/** The whole walltime at the on-demand price. */
	onDemandMaxCost: number | undefined;
};

export type HardwareRequest = {coretype: string | undefined; cores: number | undefined; walltime: number | undefined; lowPriority?: boolean};

/** Where builds run unless told otherwise: Rescale's usual CPU coretype, a small node, two hours. */
export const buildHardwareDefaults = {coretype: 'emerald', cores: 2, walltime: 2};

/** Runs default to one hour on the coretype's smallest node; the coretype itself must be chosen. */
export const runWalltimeDefault = 1;

/**
 * The coretype, node size and walltime for a job, or a UserError that says what the platform
 * offers instead: an unknown coretype, a core count it does not offer, a walltime that is not a
 * whole number of hours (its upper bound is checkWalltime's, with the account's maximum).
 */
export function resolveHardware(coretypes: Coretype[], request: HardwareRequest & {coretype: string}, listHint: string): Hardware {
	const coretype = coretypes.find(candidate => candidate.code === request.coretype);
	if (!coretype) {
		throw new UserError(`no coretype "${request.coretype}" on this platform`, {hint: listHint});
	}

	const cores = request.cores ?? coretype.cores[0]!;
	if (!coretype.cores.includes(cores)) {
		throw new UserError(`${coretype.name} (${coretype.code}) offers ${coretype.cores.join(', ')} cores per node, not ${cores}`, {hint: `Pass --cores ${coretype.cores.find(count => count >= cores) ?? coretype.cores[0]}, for example.`});
	}

	const walltime = request.walltime ?? runWalltimeDefault;
	checkWalltime(walltime);

	if (request.lowPriority && coretype.lowPriorityPrice === undefined) {
		throw new UserError(`${coretype.name} (${coretype.code}) has no low-priority price on this platform`, {hint: 'Leave out --low-priority to run on demand.'});
	}

	const onDemandHourly = hourlyPrice(coretype, cores);
	const lowPriorityHourly = coretype.lowPriorityPrice === undefined ? undefined : coretype.lowPriorityPrice * cores;
	const lowPriority = request.lowPriority ?? false;
	const hourly = lowPriority ? lowPriorityHourly : onDemandHourly;
	return {
		coreType: coretype.code,
		coretypeName: coretype.name,
		coresPerSlot: cores,
		walltime,
		gpus: gpusFor(coretype, cores),
		hourlyPrice: hourly,
		maxCost: hourly === undefined ? undefined : hourly * walltime,
		lowPriority,
		lowPriorityMaxCost: lowPriorityHourly === undefined ? undefined : lowPriorityHourly * walltime,
		onDemandMaxCost: onDemandHourly === undefined ? undefined : onDemandHourly * walltime,
	};
}

/**
 * A walltime Rescale accepts, or a UserError naming the range: whole hours, from 1 to the longest
 * job the account may run (users/me `maxJobHours`, when the platform says it; it refuses longer
 * jobs only when they are created, after their files were uploaded).
 */
export function checkWalltime(walltime: number, maxHours?: number): void {
	const most = longestWalltime(maxHours);
	if (!Number.isInteger(walltime) || walltime < 1) {
		throw new UserError(`--walltime ${walltime}: Rescale books walltime in whole hours (1 or more)`, {hint: `Pass --walltime ${Math.min(Math.max(1, Math.ceil(walltime)), most ?? Infinity)}.`});
	}

	if (most !== undefined && walltime > most) {
		throw new UserError(`--walltime ${walltime}: your account's jobs run at most ${most} hours`, {hint: `Pass a whole number of hours from 1 to ${most}. Nothing was uploaded or submitted.`});
	}
}

/** The longest walltime in whole hours the account may ask for (users/me `maxJobHours`), when the platform says one. */
export function longestWalltime(maxHours: number | undefined): number | undefined {
	return maxHours !== undefined && maxHours >= 1 ? Math.floor(maxHours) : undefined;
}

/** Dollars per hour for a node of `cores` cores at the on-demand price, when the platform lists one. */
export function hourlyPrice(coretype: Pick<Coretype, 'price'>, cores: number): number | undefined {
	return coretype.price === undefined ? undefined : coretype.price * cores;
}

/** GPUs on a node of `cores` cores (0 on CPU coretypes). */
export function gpusFor(coretype: Pick<Coretype, 'cores' | 'gpuCounts'>, cores: number): number {
	return coretype.gpuCounts[coretype.cores.indexOf(cores)] ?? 0;
}

export function formatDollars(amount: number): string {
	return `$${amount.toFixed(2)}`;
}

/**
 * `Emerald (emerald), 2 cores, walltime 2 h, at most $0.25 on demand ($0.14 at low priority)`:
 * the same words in both front ends, with both prices where the coretype has both.
 */
export function describeHardware(hardware: Hardware): string {
	return [
		`${hardware.coretypeName} (${hardware.coreType})`,
		`${hardware.coresPerSlot} cores${hardware.gpus > 0 ? `, ${hardware.gpus} GPU(s)` : ''}`,
		`walltime ${hardware.walltime} h`,
		...(hardware.maxCost === undefined ? [] : [`at most ${formatDollars(hardware.maxCost)}${otherPrice(hardware)}`]),
	].join(', ');
}

function otherPrice(hardware: Hardware): string {
	if (hardware.lowPriority) {
		return ` at low priority (may wait for capacity; ${hardware.onDemandMaxCost === undefined ? 'no on-demand price listed' : `${formatDollars(hardware.onDemandMaxCost)} on demand`})`;
	}

	return hardware.lowPriorityMaxCost === undefined ? '' : ` on demand (${formatDollars(hardware.lowPriorityMaxCost)} at low priority)`;
}
