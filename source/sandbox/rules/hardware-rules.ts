import type {Catalog} from '../catalog.js';
import {isRecord} from './field-errors.js';

/**
 * A job analysis's `hardware`: a coretype of the catalogue, cores per slot that it offers, and a
 * walltime in hours (contract, Job).
 */
export function hardwareProblems(value: unknown, catalog: Catalog): Record<string, string[]> {
	const hardware = isRecord(value) ? value : {};
	const problems: Record<string, string[]> = {};
	const {coreType, coresPerSlot, walltime} = hardware;
	const coretype = catalog.coretypes.find(candidate => candidate.code === coreType);
	if (!coretype) {
		problems.coreType = [`"${String(coreType)}" is not a valid core type.`];
	} else if (!coretype.cores.includes(coresPerSlot as number)) {
		problems.coresPerSlot = [`${coretype.name} offers ${coretype.cores.join(', ')} cores per slot; ${String(coresPerSlot)} is not one of them.`];
	}

	const maxHours = catalog.user.maxJobHours;
	if (typeof walltime !== 'number' || walltime <= 0 || walltime > maxHours) {
		problems.walltime = [`The walltime is in hours: a number from 1 to ${maxHours}.`];
	}

	return problems;
}
