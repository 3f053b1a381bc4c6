import {HttpError} from '../http/http-error.js';

/** DRF's 400 body: messages per field, nested for nested objects and lists of objects. */
export type FieldErrors = {[field: string]: string[] | FieldErrors | FieldErrors[]};

/** Django REST Framework's own texts, which Rescale's API answers with. */
export const messages = {
	required: 'This field is required.',
	integer: 'A valid integer is required.',
	list: 'Expected a list of items.',
} as const;

export function hasErrors(errors: FieldErrors): boolean {
	return Object.keys(errors).length > 0;
}

/** Refuses the request with a 400 when any field has a problem. */
export function refuseIfAny(errors: FieldErrors) {
	if (hasErrors(errors)) {
		throw new HttpError(400, errors);
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
