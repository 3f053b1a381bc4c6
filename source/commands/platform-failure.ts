import type {RescaleError} from '../rescale/errors.js';

/** Hints for field errors whose fix is known, by the field they name. */
const fieldHints: Array<{field: RegExp; hint: string}> = [
	{field: /^projectId\b/, hint: 'This workspace charges every job to a project: pass --project ID|NAME or set RESCALE_PROJECT (rescale-apptainer doctor lists your projects).'},
	{field: /hardware\.coreType/, hint: 'rescale-apptainer doctor lists the coretypes your account can use.'},
	{field: /analysis/, hint: 'rescale-apptainer doctor shows which versions of the Apptainer analysis this platform offers.'},
];

/**
 * A refusal or failure of the platform, on one screen: what was refused, the field errors as
 * Rescale sent them, and what to do. Never "internal error": the user or the platform can act on it.
 */
export function describePlatformFailure(error: RescaleError): string {
	const hints = [...new Set(error.fieldErrors.flatMap(fieldError => fieldHints.filter(({field}) => field.test(fieldError)).map(({hint}) => hint)))];
	const fields = error.fieldErrors.length > 0
		? [`${error.request}: Rescale refused the request (HTTP ${error.status ?? '?'}). Field errors, as Rescale sent them:`, ...error.fieldErrors.map(fieldError => `  ${fieldError}`)]
		: [error.message];
	return [`rescale-apptainer: ${fields[0]}`, ...fields.slice(1), ...hints, error.hint, ''].join('\n');
}
