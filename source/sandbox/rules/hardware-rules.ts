import type {Catalog} from '../catalog.js';
import {isRecord, messages} from './field-errors.js';

/**
 * A job analysis's `hardware`: a coretype of the catalogue, cores per slot that it offers, and a
 * walltime in whole hours (contract, Job and corrections: `walltime` is an integer >= 1,
 * `coresPerSlot` an integer the coretype offers).
 */
export function hardwareProblems(value: unknown, catalog: Catalog): Record<string, string[]> {
	const hardware = isRecord(value) ? value : {};
	const problems: Record<string, string[]> = {};
	const {coreType, coresPerSlot, walltime} = hardware;
	const coretype = catalog.coretypes.find(candidate => candidate.code === coreType);
	if (!coretype) {
		problems.coreType = [`"${String(coreType)}" is not a valid core type.`];
	} else if (coretype.isDeprecated) {
		problems.coreType = [`"${coretype.code}" is deprecated and no longer accepts jobs.`];
	} else if (!isInteger(coresPerSlot)) {
		problems.coresPerSlot = [messages.integer];
	} else if (!coretype.cores.includes(coresPerSlot)) {
		problems.coresPerSlot = [`${coretype.name} offers ${coretype.cores.join(', ')} cores per slot; ${String(coresPerSlot)} is not one of them.`];
	}

	const maxHours = catalog.user.maxJobHours;
	if (!isInteger(walltime)) {
		problems.walltime = [messages.integer];
	} else if (walltime < 1 || walltime > maxHours) {
		problems.walltime = [`The walltime is in hours: a whole number from 1 to ${maxHours}.`];
	}

	return problems;
}

function isInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value);
}
